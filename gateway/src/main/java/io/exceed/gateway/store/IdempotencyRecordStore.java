package io.exceed.gateway.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.FlatFilters;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * The {@code idempotency_records} collection: one document per (tenant, Idempotency-Key), unique, holding the
 * fingerprint of the first request and, once it is answered, its response. Every change after the insert is
 * conditioned on the record's {@code claim} (a fresh id per claim), so a gateway that lost its claim (it expired
 * and another replica took over) cannot overwrite the new holder's work.
 */
public class IdempotencyRecordStore {

    public static final String COLLECTION = "idempotency_records";

    static final String KEY = "key";
    static final String EXPIRE_TIME = "expireTime";
    private static final String CLAIM = "claim";
    private static final String FINGERPRINT = "fingerprint";
    private static final String LEASE_EXPIRE_TIME = "leaseExpireTime";
    private static final String CREATE_TIME = "createTime";
    private static final String RESPONSE = "response";

    /** A stored record as the gateway reads it back; {@code response} is null while the first call is in flight. */
    public record IdempotencyRecord(String id, String claim, String fingerprint, Instant leaseExpireTime,
            Instant expireTime, StoredResponse response) {

        public boolean expired(Instant now) {
            return !expireTime.isAfter(now);
        }
    }

    /** The first response: status, the headers that describe the body, and the body. */
    public record StoredResponse(int status, String contentType, String etag, byte[] body) {
    }

    /** Who holds a record's claim; the handle for completing or releasing it. */
    public record Claim(String id, String claim) {
    }

    private final MongoCollection<Document> records;

    public IdempotencyRecordStore(MongoDatabase database, ExactKeyIndexes exactKeyIndexes) {
        this.records = database.getCollection(COLLECTION);
        records.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, KEY), new IndexOptions().unique(true));
        // MongoDB deletes expired records by itself; the embedded store accepts the index and never does, which is
        // why reads also treat an expired record as absent and a purge deletes them in batches.
        records.createIndex(Indexes.ascending(EXPIRE_TIME), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        exactKeyIndexes.ensure(records, "_id", CLAIM);
    }

    /** Inserts an in-flight record for the key, or returns empty when one exists (expired or not). */
    public Optional<Claim> tryInsert(TenantId tenant, String key, String fingerprint, Instant now, Instant leaseExpireTime,
            Instant expireTime) {
        Claim claim = new Claim(TimeOrderedIds.next(), TimeOrderedIds.next());
        try {
            records.insertOne(new Document("_id", claim.id())
                    .append(TenantScope.TENANT_FIELD, tenant.value())
                    .append(KEY, key)
                    .append(CLAIM, claim.claim())
                    .append(FINGERPRINT, fingerprint)
                    .append(CREATE_TIME, Times.toDate(now))
                    .append(LEASE_EXPIRE_TIME, Times.toDate(leaseExpireTime))
                    .append(EXPIRE_TIME, Times.toDate(expireTime))
                    .append(RESPONSE, null));
            return Optional.of(claim);
        } catch (MongoException failure) {
            if (DuplicateKey.is(failure)) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    /** The tenant's record for the key, expired or not. */
    public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
        return Optional.ofNullable(records.find(TenantScope.filter(tenant, Filters.eq(KEY, key))).first())
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
     * Stores the response of the claim's request; a claim lost in the meantime stores nothing. The record's claim
     * changes with it, so no late {@link #release} of this claim can delete the stored response.
     */
    public boolean complete(Claim claim, StoredResponse response) {
        return records.updateOne(held(claim), Updates.combine(
                Updates.set(CLAIM, TimeOrderedIds.next()),
                Updates.set(RESPONSE, new Document("status", response.status())
                        .append("contentType", response.contentType())
                        .append("etag", response.etag())
                        .append("body", new Binary(response.body()))),
                Updates.unset(LEASE_EXPIRE_TIME))).getModifiedCount() == 1;
    }

    /** Deletes the claim's record, so the key can be used again (the request left nothing worth replaying). */
    public void release(Claim claim) {
        records.deleteOne(held(claim));
    }

    /** Deletes a record read as expired, unless it changed since. */
    public void deleteExpired(IdempotencyRecord expired) {
        records.deleteOne(held(new Claim(expired.id(), expired.claim())));
    }

    /** Deletes up to {@code limit} records expired at {@code now}; returns how many. */
    public int purgeExpired(Instant now, int limit) {
        List<String> ids = new ArrayList<>();
        records.find(Filters.lte(EXPIRE_TIME, Times.toDate(now))).projection(Projections.include("_id"))
                .limit(limit).forEach(document -> ids.add(document.getString("_id")));
        if (ids.isEmpty()) {
            return 0;
        }
        return (int) records.deleteMany(Filters.and(Filters.in("_id", ids),
                Filters.lte(EXPIRE_TIME, Times.toDate(now)))).getDeletedCount();
    }

    private static Bson held(Claim claim) {
        return FlatFilters.and(Filters.eq("_id", claim.id()), Filters.eq(CLAIM, claim.claim()));
    }

    private static IdempotencyRecord toRecord(Document document) {
        Document response = document.get(RESPONSE, Document.class);
        return new IdempotencyRecord(document.getString("_id"), document.getString(CLAIM),
                document.getString(FINGERPRINT), Times.toInstant(document.getDate(LEASE_EXPIRE_TIME)),
                Times.toInstant(document.getDate(EXPIRE_TIME)),
                response == null ? null : new StoredResponse(response.getInteger("status"),
                        response.getString("contentType"), response.getString("etag"),
                        response.get("body", Binary.class).getData()));
    }
}
