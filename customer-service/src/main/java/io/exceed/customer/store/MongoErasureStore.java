package io.exceed.customer.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.customer.domain.ErasureRecord;
import io.exceed.customer.domain.ErasureStore;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Leases;

/**
 * Erasures in progress in the "erasures" collection, one document per customer ({@code _id} tenant/customer id):
 * {@code tenant, customerId, pseudonym (until complete), parts{service: {completeTime, reason, attempts,
 * nextAttemptTime}}, nextAttemptTime (the earliest pending part's, null once complete), revision, createTime} and
 * the sweeper's lease. Changes are compare-and-set on the revision.
 */
public class MongoErasureStore implements ErasureStore {

    static final String NEXT_ATTEMPT_TIME = "nextAttemptTime";

    private final MongoCollection<Document> erasures;
    private final DeadLetters deadLetters;

    public MongoErasureStore(MongoDatabase database, DeadLetters deadLetters) {
        this.erasures = database.getCollection(CustomerCollections.ERASURES);
        this.deadLetters = deadLetters;
    }

    private static String id(TenantId tenant, String customerId) {
        return tenant.value() + "/" + customerId;
    }

    @Override
    public ErasureRecord open(ErasureRecord started) {
        // The customer's dead letters go with the erasure: the work they stand for concerns nobody now.
        deadLetters.forgetCustomer(started.tenant(), started.customerId());
        try {
            erasures.insertOne(toDocument(started).append(Leases.VERSION, 0L));
            return started;
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            return find(started.tenant(), started.customerId()).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<ErasureRecord> find(TenantId tenant, String customerId) {
        return Optional.ofNullable(erasures.find(TenantScope.filter(tenant,
                Filters.eq("_id", id(tenant, customerId)))).first()).map(MongoErasureStore::fromDocument);
    }

    @Override
    public boolean replace(ErasureRecord updated, long previousRevision) {
        Document document = toDocument(updated);
        return erasures.updateOne(TenantScope.filter(updated.tenant(), Filters.eq("_id", document.get("_id")),
                Filters.eq("revision", previousRevision)), Updates.combine(document.entrySet().stream()
                        .filter(field -> !field.getKey().equals("_id"))
                        .map(field -> Updates.set(field.getKey(), field.getValue()))
                        .toList())).getMatchedCount() == 1;
    }

    @Override
    public List<ErasureRecord> claimDue(Instant now, String replica, Instant leaseUntil, int limit) {
        return Leases.claim(erasures, Filters.lte(NEXT_ATTEMPT_TIME, Times.toDate(now)), NEXT_ATTEMPT_TIME, now,
                replica, leaseUntil, limit).stream().map(MongoErasureStore::fromDocument).toList();
    }

    @Override
    public void release(ErasureRecord record, String replica) {
        erasures.updateOne(Filters.and(Filters.eq("_id", id(record.tenant(), record.customerId())),
                Leases.heldBy(replica)), Leases.released());
    }

    private static Document toDocument(ErasureRecord record) {
        Document parts = new Document();
        record.parts().forEach((service, part) -> parts.append(service, new Document("completeTime",
                Times.toDate(part.completeTime()))
                .append("reason", part.reason())
                .append("attempts", part.attempts())
                .append(NEXT_ATTEMPT_TIME, Times.toDate(part.nextAttemptTime()))));
        return new Document("_id", id(record.tenant(), record.customerId()))
                .append(TenantScope.TENANT_FIELD, record.tenant().value())
                .append("customerId", record.customerId())
                .append("pseudonym", record.pseudonym())
                .append("parts", parts)
                .append(NEXT_ATTEMPT_TIME, record.nextAttemptTime().map(Times::toDate).orElse(null))
                .append("revision", record.revision())
                .append("createTime", Times.toDate(record.createTime()));
    }

    private static ErasureRecord fromDocument(Document document) {
        Map<String, ErasureRecord.Part> parts = new LinkedHashMap<>();
        document.get("parts", Document.class).forEach((service, value) -> {
            Document part = (Document) value;
            parts.put(service, new ErasureRecord.Part(Times.toInstant(part.getDate("completeTime")),
                    part.getString("reason"), part.getInteger("attempts"),
                    Times.toInstant(part.getDate(NEXT_ATTEMPT_TIME))));
        });
        return new ErasureRecord(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                document.getString("customerId"), document.getString("pseudonym"), parts,
                document.getLong("revision"), Times.toInstant(document.getDate("createTime")));
    }
}
