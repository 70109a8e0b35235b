package io.exceed.defaults.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Erased customers in the {@value #COLLECTION} collection, one document per customer: {@code _id} is the tenant and a
 * SHA-256 of the customer id, so the register answers "was this id erased?" without holding the id itself;
 * {@code tenant, eraseTime}. Kept for good: an erased id must stay refused.
 */
public final class MongoErasedCustomers implements ErasedCustomers {

    public static final String COLLECTION = "erased_customers";

    private final MongoCollection<Document> erased;
    private final Clock clock;

    public MongoErasedCustomers(MongoDatabase database, Clock clock) {
        this.erased = database.getCollection(COLLECTION);
        this.clock = clock;
    }

    @Override
    public void add(TenantId tenant, String customerId) {
        erased.updateOne(Filters.eq("_id", key(tenant, customerId)), Updates.combine(
                Updates.setOnInsert(TenantScope.TENANT_FIELD, tenant.value()),
                Updates.setOnInsert("eraseTime", Times.toDate(clock.instant()))), new UpdateOptions().upsert(true));
    }

    @Override
    public boolean contains(TenantId tenant, String customerId) {
        return erased.find(TenantScope.filter(tenant, Filters.eq("_id", key(tenant, customerId))))
                .projection(new Document("_id", 1)).first() != null;
    }

    private static String key(TenantId tenant, String customerId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tenant.value().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return tenant.value() + "/" + HexFormat.of().formatHex(
                    digest.digest(customerId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
