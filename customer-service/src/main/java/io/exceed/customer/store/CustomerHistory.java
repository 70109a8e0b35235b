package io.exceed.customer.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.defaults.storage.Times;

/**
 * A per-customer history kept newest first by a time field, ties broken by id: expectation snapshots and
 * timeline events. Pages resume after a "millis/id" position. Inserts are idempotent per request id.
 */
final class CustomerHistory<T> {

    private final MongoCollection<Document> collection;
    private final String timeField;
    private final Function<Document, T> fromDocument;
    private final Function<T, Instant> timeOf;
    private final Function<T, String> idOf;

    CustomerHistory(MongoCollection<Document> collection, String timeField, Function<Document, T> fromDocument,
            Function<T, Instant> timeOf, Function<T, String> idOf) {
        this.collection = collection;
        this.timeField = timeField;
        this.fromDocument = fromDocument;
        this.timeOf = timeOf;
        this.idOf = idOf;
    }

    /** The indexes a history's queries need: idempotent inserts, and each customer's newest first. */
    static void createIndexes(MongoCollection<Document> collection, String timeField) {
        IdempotentInsert.createIndex(collection);
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId"),
                Indexes.descending(timeField, "_id")));
    }

    T insert(TenantId tenant, Document document, Optional<String> requestId) {
        return IdempotentInsert.insert(collection, tenant, document, requestId, fromDocument);
    }

    Optional<T> latest(TenantId tenant, String customerId) {
        return Optional.ofNullable(collection.find(ofCustomer(tenant, customerId)).sort(newestFirst()).first())
                .map(fromDocument);
    }

    Page<T> page(TenantId tenant, String customerId, Optional<String> after, int limit) {
        Bson scope = ofCustomer(tenant, customerId);
        Bson filter = after.map(position -> Filters.and(scope, before(position))).orElse(scope);
        List<T> items = new ArrayList<>();
        collection.find(filter).sort(newestFirst()).limit(limit + 1).forEach(doc -> items.add(fromDocument.apply(doc)));
        if (items.size() <= limit) {
            return new Page<>(items, Optional.empty());
        }
        T last = items.get(limit - 1);
        return new Page<>(items.subList(0, limit), Optional.of(timeOf.apply(last).toEpochMilli() + "/" + idOf.apply(last)));
    }

    List<T> all(TenantId tenant, String customerId) {
        List<T> all = new ArrayList<>();
        collection.find(ofCustomer(tenant, customerId)).sort(newestFirst()).forEach(doc -> all.add(fromDocument.apply(doc)));
        return all;
    }

    void deleteAll(TenantId tenant, String customerId) {
        collection.deleteMany(ofCustomer(tenant, customerId));
    }

    private Bson newestFirst() {
        return Sorts.descending(timeField, "_id");
    }

    private static Bson ofCustomer(TenantId tenant, String customerId) {
        return TenantScope.filter(tenant, Filters.eq("customerId", customerId));
    }

    private Bson before(String position) {
        int slash = position.indexOf('/');
        Instant time = Instant.ofEpochMilli(Long.parseLong(position.substring(0, slash)));
        String id = position.substring(slash + 1);
        return Filters.or(
                Filters.lt(timeField, Times.toDate(time)),
                Filters.and(Filters.eq(timeField, Times.toDate(time)), Filters.lt("_id", id)));
    }
}
