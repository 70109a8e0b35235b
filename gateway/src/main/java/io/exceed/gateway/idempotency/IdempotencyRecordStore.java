package io.exceed.gateway.idempotency;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.storage.BoundedDeletes;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.FlatFilters;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * The {@code idempotency_records} collection: one document per (tenant, Idempotency-Key), unique, holding only
 * what recognises a retry: the SHA-256 of the key, a keyed fingerprint of the first request, whether it is still
 * running (its lease) or what HTTP status it ended with, and when the record expires. Never a request or response
 * body, a resource name or a secret, so the records hold no personal data and nothing an erasure must reach.
 * Every change after the insert is conditioned on the record's {@code claim} (a fresh id per claim), so a gateway
 * that lost its claim (it expired and another replica took over) cannot overwrite the new holder's work.
 */
public class IdempotencyRecordStore {

    public static final String COLLECTION = "idempotency_records";

    static final String KEY = "key";
    static final String EXPIRE_TIME = "expireTime";
    private static final String CLAIM = "claim";
    private static final String FINGERPRINT = "fingerprint";
    private static final String LEASE_EXPIRE_TIME = "leaseExpireTime";
    private static final String CREATE_TIME = "createTime";
    private static final String STATUS = "status";
    /** Where earlier gateway versions kept the whole first response, personal data and secrets included. */
    private static final String LEGACY_RESPONSE = "response";
    /** An old-format record: its key in clear and (once answered) the response; neither may be kept. */
    private static final Bson LEGACY = Filters.exists(LEGACY_RESPONSE);

    /**
     * A stored record as the gateway reads it back.
     *
     * @param status the HTTP status the first request ended with; null while it is in flight
     */
    public record IdempotencyRecord(String id, String claim, String fingerprint, Instant leaseExpireTime,
            Instant expireTime, Integer status) {

        public boolean expired(Instant now) {
            return !expireTime.isAfter(now);
        }

        public boolean completed() {
            return status != null;
        }
    }

    /** Who holds a record's claim; the handle for completing or releasing it. */
    public record Claim(String id, String claim) {
    }

    private final MongoCollection<Document> records;

    /** Also deletes every record in the old format, before the gateway answers a request. */
    public IdempotencyRecordStore(MongoDatabase database, ExactKeyIndexes exactKeyIndexes) {
        this.records = database.getCollection(COLLECTION);
        records.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, KEY), new IndexOptions().unique(true));
        // MongoDB deletes expired records by itself; the embedded store accepts the index and never does, which is
        // why reads also treat an expired record as absent and a purge deletes them in batches.
        records.createIndex(Indexes.ascending(EXPIRE_TIME), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        exactKeyIndexes.ensure(records, "_id", CLAIM);
        records.deleteMany(LEGACY);
    }

    /** Inserts an in-flight record for the key, or returns empty when one exists (expired or not). */
    public Optional<Claim> tryInsert(TenantId tenant, String keyHash, String fingerprint, Instant now,
            Instant leaseExpireTime, Instant expireTime) {
        Claim claim = new Claim(TimeOrderedIds.next(), TimeOrderedIds.next());
        try {
            records.insertOne(new Document("_id", claim.id())
                    .append(TenantScope.TENANT_FIELD, tenant.value())
                    .append(KEY, keyHash)
                    .append(CLAIM, claim.claim())
                    .append(FINGERPRINT, fingerprint)
                    .append(CREATE_TIME, Times.toDate(now))
                    .append(LEASE_EXPIRE_TIME, Times.toDate(leaseExpireTime))
                    .append(EXPIRE_TIME, Times.toDate(expireTime)));
            return Optional.of(claim);
        } catch (MongoException failure) {
            if (DuplicateKey.is(failure)) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /** The tenant's record for the key, expired or not. */
    public Optional<IdempotencyRecord> find(TenantId tenant, String keyHash) {
        return Optional.ofNullable(records.find(TenantScope.filter(tenant, Filters.eq(KEY, keyHash))).first())
                .map(IdempotencyRecordStore::toRecord);
    }

    /** Takes over an in-flight record whose holder's lease ran out; empty when someone else was quicker. */
    public Optional<Claim> takeOver(IdempotencyRecord stale, Instant leaseExpireTime) {
        Claim claim = new Claim(stale.id(), TimeOrderedIds.next());
        boolean taken = records.updateOne(held(new Claim(stale.id(), stale.claim())), Updates.combine(
                Updates.set(CLAIM, claim.claim()),
                Updates.set(LEASE_EXPIRE_TIME, Times.toDate(leaseExpireTime)))).getModifiedCount() == 1;
        return taken ? Optional.of(claim) : Optional.empty();
    }

    /**
     * Marks the claim's request as ended with {@code status}; a claim lost in the meantime changes nothing. The
     * record's claim changes with it, so no late {@link #release} of this claim can delete the completed record.
     */
    public boolean complete(Claim claim, int status) {
        return records.updateOne(held(claim), Updates.combine(
                Updates.set(CLAIM, TimeOrderedIds.next()),
                Updates.set(STATUS, status),
                Updates.unset(LEASE_EXPIRE_TIME))).getModifiedCount() == 1;
    }

    /** Deletes the claim's record, so the key can be used again (the request left nothing worth recognising). */
    public void release(Claim claim) {
        records.deleteOne(held(claim));
    }

    /** Deletes a record read as expired, unless it changed since. */
    public void deleteExpired(IdempotencyRecord expired) {
        records.deleteOne(held(new Claim(expired.id(), expired.claim())));
    }

    /**
     * Deletes up to {@code limit} records expired at {@code now}, or in the old format (which a replica of an
     * earlier version may still write while a rolling upgrade runs); returns how many.
     */
    public int purge(Instant now, int limit) {
        Bson purgeable = Filters.or(Filters.lte(EXPIRE_TIME, Times.toDate(now)), LEGACY);
        return BoundedDeletes.deleteUpTo(records, purgeable, limit);
    }

    /** How many live (unexpired) records each tenant has. */
    public Map<TenantId, Long> liveCounts(Instant now) {
        Map<TenantId, Long> counts = new HashMap<>();
        records.aggregate(List.of(Aggregates.match(Filters.gt(EXPIRE_TIME, Times.toDate(now))),
                        Aggregates.group("$" + TenantScope.TENANT_FIELD, Accumulators.sum("count", 1))))
                .forEach(group -> counts.put(new TenantId(group.getString("_id")),
                        ((Number) group.get("count")).longValue()));
        return counts;
    }

    private static Bson held(Claim claim) {
        return FlatFilters.and(Filters.eq("_id", claim.id()), Filters.eq(CLAIM, claim.claim()));
    }

    private static IdempotencyRecord toRecord(Document document) {
        return new IdempotencyRecord(document.getString("_id"), document.getString(CLAIM),
                document.getString(FINGERPRINT), Times.toInstant(document.getDate(LEASE_EXPIRE_TIME)),
                Times.toInstant(document.getDate(EXPIRE_TIME)), document.getInteger(STATUS));
    }
}
