package io.exceed.customer.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.FlatFilters;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Which expectation snapshot is each customer's newest (by observation time, ties by id, as the history orders
 * them), in {@value CustomerCollections#EXPECTATION_LATEST}: one document per customer that has snapshots,
 * {@code _id "<tenant>/<customer>"}, holding the snapshot's time and id. The customer's 360 view and every stale
 * check need the newest snapshot; on the embedded store finding it among the customer's snapshots reads the whole
 * collection, here it is two reads by key.
 *
 * <p>A pointer only ever moves to a newer snapshot, by compare-and-set on its current time and id, so racing
 * appends leave it at the newest. Snapshots stored before pointers existed are indexed once, at the first start of
 * this version ({@link #indexExisting}); until that has finished, reads fall back to the search.
 */
final class LatestExpectations {

    private static final String INDEXED = "indexed:" + CustomerCollections.EXPECTATION_SNAPSHOTS;
    private static final String TIME = "time";
    private static final String SNAPSHOT_ID = "snapshotId";
    private static final int MAX_ATTEMPTS = 100;

    /** The order of the history: newest observation first, ties by the larger id. */
    private static final Comparator<Document> NEWEST_LAST = Comparator
            .<Document, Instant>comparing(head -> Times.toInstant(head.getDate(TIME)))
            .thenComparing(head -> head.getString(SNAPSHOT_ID));

    private final MongoCollection<Document> pointers;

    LatestExpectations(MongoDatabase database) {
        this.pointers = database.getCollection(CustomerCollections.EXPECTATION_LATEST);
    }

    /** The compare-and-set's filter, exactly these fields, is a lookup on the embedded store. */
    static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        indexes.ensure(database.getCollection(CustomerCollections.EXPECTATION_LATEST), "_id", TIME, SNAPSHOT_ID);
    }

    /**
     * Points every customer with snapshots at its newest, unless that was done before (a marker says so). Runs at
     * start; appends meanwhile move their pointers themselves, and a pointer never moves back, so the two agree.
     */
    static void indexExisting(MongoDatabase database) {
        MongoCollection<Document> pointers = database.getCollection(CustomerCollections.EXPECTATION_LATEST);
        if (pointers.find(Filters.eq("_id", INDEXED)).first() != null) {
            return;
        }
        LatestExpectations latest = new LatestExpectations(database);
        database.getCollection(CustomerCollections.EXPECTATION_SNAPSHOTS).find()
                .projection(Projections.include(TenantScope.TENANT_FIELD, "customerId", MongoExpectationStore.TIME))
                .forEach(snapshot -> latest.advance(new TenantId(snapshot.getString(TenantScope.TENANT_FIELD)),
                        snapshot.getString("customerId"),
                        Times.toInstant(snapshot.getDate(MongoExpectationStore.TIME)), snapshot.getString("_id")));
        try {
            pointers.insertOne(new Document("_id", INDEXED).append("indexTime", Times.toDate(Instant.now())));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    /** Moves the customer's pointer to the snapshot if it is newer than the one pointed at. */
    void advance(TenantId tenant, String customerId, Instant observeTime, String snapshotId) {
        String key = key(tenant, customerId);
        Document candidate = new Document("_id", key).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(TIME, Times.toDate(observeTime)).append(SNAPSHOT_ID, snapshotId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Document current = pointers.find(Filters.eq("_id", key)).first();
            if (current != null && NEWEST_LAST.compare(candidate, current) <= 0) {
                return;
            }
            try {
                if (current == null) {
                    pointers.insertOne(candidate);
                    return;
                }
                if (pointers.updateOne(FlatFilters.and(Filters.eq("_id", key), Filters.eq(TIME, current.get(TIME)),
                        Filters.eq(SNAPSHOT_ID, current.get(SNAPSHOT_ID))), Updates.combine(
                                Updates.set(TIME, candidate.get(TIME)),
                                Updates.set(SNAPSHOT_ID, snapshotId))).getMatchedCount() == 1) {
                    return;
                }
            } catch (MongoException e) {
                if (!DuplicateKey.is(e)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("could not record the newest expectation snapshot of customer " + customerId
                + " after " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * The id of the customer's newest snapshot: empty inside when it has none; empty outside while the snapshots
     * stored before pointers existed are still being indexed (then the caller searches).
     */
    Optional<Optional<String>> newest(TenantId tenant, String customerId) {
        Document pointer = pointers.find(Filters.eq("_id", key(tenant, customerId))).first();
        if (pointer != null) {
            return Optional.of(Optional.of(pointer.getString(SNAPSHOT_ID)));
        }
        return pointers.find(Filters.eq("_id", INDEXED)).first() == null ? Optional.empty()
                : Optional.of(Optional.empty());
    }

    void delete(TenantId tenant, String customerId) {
        pointers.deleteOne(Filters.eq("_id", key(tenant, customerId)));
    }

    private static String key(TenantId tenant, String customerId) {
        return tenant.value() + "/" + customerId;
    }
}
