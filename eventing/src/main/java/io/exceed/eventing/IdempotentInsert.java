package io.exceed.eventing;

import java.util.Optional;
import java.util.function.Function;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Inserts that a retried request cannot duplicate. Each document carries a request key, unique per tenant:
 * "req:" + the caller's request id, or "id:" + the document id when there is none. The key is never null,
 * so one unique index works on MongoDB and on the embedded store alike, in the same document as the data.
 */
public final class IdempotentInsert {

    public static final String REQUEST_KEY = "requestKey";

    private IdempotentInsert() {
    }

    public static void createIndex(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, REQUEST_KEY), new IndexOptions().unique(true));
    }

    public static String key(String id, Optional<String> requestId) {
        return requestId.map(request -> "req:" + request).orElse("id:" + id);
    }

    /**
     * Inserts {@code document}; if the request id was used before, returns what that request stored.
     * Other duplicate-key failures are rethrown.
     */
    public static <T> T insert(MongoCollection<Document> collection, TenantId tenant, Document document,
            Optional<String> requestId, Function<Document, T> mapper) {
        document.put(REQUEST_KEY, key(document.getString("_id"), requestId));
        try {
            collection.insertOne(document);
            return mapper.apply(document);
        } catch (MongoException e) {
            if (DuplicateKey.is(e) && requestId.isPresent()) {
                Document earlier = collection.find(TenantScope.filter(tenant,
                        Filters.eq(REQUEST_KEY, key(null, requestId)))).first();
                if (earlier != null) {
                    return mapper.apply(earlier);
                }
            }
            throw e;
        }
    }
}
