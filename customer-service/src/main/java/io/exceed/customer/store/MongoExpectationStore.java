package io.exceed.customer.store;

import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.customer.domain.Driver;
import io.exceed.customer.domain.ExpectationSnapshot;
import io.exceed.customer.domain.ExpectationSource;
import io.exceed.customer.domain.ExpectationStore;
import io.exceed.defaults.paging.Page;
import io.exceed.customer.domain.ServiceDimension;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.storage.Times;

/** Expectation snapshots in the "expectation_snapshots" collection, one document each. */
public class MongoExpectationStore implements ExpectationStore {

    /** The time snapshots are ordered by. */
    static final String TIME = "observeTime";

    private final CustomerHistory<ExpectationSnapshot> snapshots;
    private final MongoCollection<Document> collection;
    private final LatestExpectations latest;

    public MongoExpectationStore(MongoDatabase database) {
        this.collection = database.getCollection(CustomerCollections.EXPECTATION_SNAPSHOTS);
        this.latest = new LatestExpectations(database);
        this.snapshots = new CustomerHistory<>(database.getCollection(CustomerCollections.EXPECTATION_SNAPSHOTS), TIME,
                MongoExpectationStore::fromDocument, ExpectationSnapshot::observeTime, ExpectationSnapshot::id);
    }

    @Override
    public ExpectationSnapshot insert(TenantId tenant, ExpectationSnapshot snapshot, Optional<String> requestId) {
        Document document = new Document("_id", snapshot.id())
                .append(TenantScope.TENANT_FIELD, tenant.value())
                .append("customerId", snapshot.customerId())
                .append("driverWeights", snapshot.driverWeights().stream()
                        .map(w -> new Document("driver", w.driver().name()).append("weight", w.weight())).toList())
                .append("dimensionLevels", snapshot.dimensionLevels().stream()
                        .map(l -> new Document("dimension", l.dimension().name()).append("expectedLevel", l.expectedLevel()))
                        .toList())
                .append("source", snapshot.source().name())
                .append("observeTime", Times.toDate(snapshot.observeTime()))
                .append("recordTime", Times.toDate(snapshot.recordTime()));
        ExpectationSnapshot stored = snapshots.insert(tenant, document, requestId);
        latest.advance(tenant, stored.customerId(), stored.observeTime(), stored.id());
        return stored;
    }

    /**
     * Through the customer's pointer. A pointer to a snapshot not found (deleted by an erasure racing this read)
     * or not yet trusted (snapshots from before pointers are still being indexed) falls back to the search.
     */
    @Override
    public Optional<ExpectationSnapshot> latest(TenantId tenant, String customerId) {
        Optional<Optional<String>> newest = latest.newest(tenant, customerId);
        if (newest.isPresent()) {
            if (newest.get().isEmpty()) {
                return Optional.empty();
            }
            Document found = collection.find(TenantScope.filter(tenant, Filters.eq("_id", newest.get().get())))
                    .first();
            if (found != null) {
                return Optional.of(fromDocument(found));
            }
        }
        return snapshots.latest(tenant, customerId);
    }

    @Override
    public Page<ExpectationSnapshot> list(TenantId tenant, String customerId, Optional<String> after, int limit) {
        return snapshots.page(tenant, customerId, after, limit);
    }

    @Override
    public List<ExpectationSnapshot> all(TenantId tenant, String customerId) {
        return snapshots.all(tenant, customerId);
    }

    @Override
    public void deleteAll(TenantId tenant, String customerId) {
        snapshots.deleteAll(tenant, customerId);
        latest.delete(tenant, customerId);
    }

    private static ExpectationSnapshot fromDocument(Document document) {
        return new ExpectationSnapshot(
                document.getString("_id"),
                document.getString("customerId"),
                document.getList("driverWeights", Document.class).stream()
                        .map(w -> new ExpectationSnapshot.DriverWeight(Driver.valueOf(w.getString("driver")),
                                w.getInteger("weight")))
                        .toList(),
                document.getList("dimensionLevels", Document.class).stream()
                        .map(l -> new ExpectationSnapshot.DimensionLevel(
                                ServiceDimension.valueOf(l.getString("dimension")), l.getInteger("expectedLevel")))
                        .toList(),
                ExpectationSource.valueOf(document.getString("source")),
                Times.toInstant(document.getDate("observeTime")),
                Times.toInstant(document.getDate("recordTime")));
    }
}
