package io.exceed.feedback.store;

import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.unsubscribe.TextedNumberStore;

/**
 * Texted numbers in {@value FeedbackCollections#TEXTED_NUMBERS}: one document per tenant and number, its {@code _id}
 * {@code tenant/number}, so a reply's number is looked up by exact key (which the embedded store does without a
 * scan), with the texted customers' ids in {@code customerIds}.
 */
public class MongoTextedNumberStore implements TextedNumberStore {

    static final String CUSTOMER_IDS = "customerIds";

    private final MongoCollection<Document> numbers;

    public MongoTextedNumberStore(MongoDatabase database) {
        this.numbers = database.getCollection(FeedbackCollections.TEXTED_NUMBERS);
    }

    /** Erasure takes a customer out of every number's list by tenant and customer. */
    static void createIndexes(MongoDatabase database) {
        database.getCollection(FeedbackCollections.TEXTED_NUMBERS)
                .createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, CUSTOMER_IDS));
    }

    static String id(TenantId tenant, String number) {
        return tenant.value() + "/" + number;
    }

    @Override
    public void remember(TenantId tenant, String number, String customerId) {
        numbers.updateOne(Filters.eq("_id", id(tenant, number)), Updates.combine(
                        Updates.setOnInsert(TenantScope.TENANT_FIELD, tenant.value()),
                        Updates.setOnInsert("number", number),
                        Updates.addToSet(CUSTOMER_IDS, customerId)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public List<String> customersAt(TenantId tenant, String number) {
        return Optional.ofNullable(numbers.find(Filters.eq("_id", id(tenant, number))).first())
                .map(document -> document.getList(CUSTOMER_IDS, String.class, List.of()))
                .orElse(List.of());
    }
}
