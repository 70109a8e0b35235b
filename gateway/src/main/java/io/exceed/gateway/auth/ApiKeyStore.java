package io.exceed.gateway.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * The {@code api_keys} collection: one document per key, holding the SHA-256 of the key (unique) and never
 * the key. Calls look keys up by that hash; the admin API reads and revokes them within a tenant.
 */
public class ApiKeyStore {

    public static final String COLLECTION = "api_keys";
    /** Keys listed for one tenant at most; a tenant needs a handful. */
    public static final int LIST_LIMIT = 500;

    static final String KEY_HASH = "keyHash";
    private static final String NAME = "name";
    private static final String SCOPES = "scopes";
    private static final String PREFIX = "prefix";
    private static final String CREATE_TIME = "createTime";
    private static final String LAST_USED_TIME = "lastUsedTime";
    private static final String REVOKE_TIME = "revokeTime";

    private final MongoCollection<Document> keys;

    public ApiKeyStore(MongoDatabase database) {
        this.keys = database.getCollection(COLLECTION);
        keys.createIndex(Indexes.ascending(KEY_HASH), new IndexOptions().unique(true));
        // Lists a tenant's keys in id order on MongoDB; unique (it holds _id), so the embedded store also
        // uses it for the exact {tenant, _id} lookups of revoke.
        keys.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "_id"), new IndexOptions().unique(true));
    }

    public void insert(ApiKey key, String keyHash) {
        keys.insertOne(new Document("_id", key.id())
                .append(TenantScope.TENANT_FIELD, key.tenant().value())
                .append(NAME, key.name())
                .append(SCOPES, key.scopes().stream().map(Scope::value).sorted().toList())
                .append(KEY_HASH, keyHash)
                .append(PREFIX, key.prefix())
                .append(CREATE_TIME, Times.toDate(key.createTime()))
                .append(LAST_USED_TIME, null)
                .append(REVOKE_TIME, null));
    }

    public Optional<ApiKey> findByHash(String keyHash) {
        return Optional.ofNullable(keys.find(Filters.eq(KEY_HASH, keyHash)).first()).map(ApiKeyStore::toKey);
    }

    /** The tenant's keys, oldest first, at most {@link #LIST_LIMIT}. */
    public List<ApiKey> list(TenantId tenant) {
        List<ApiKey> found = new ArrayList<>();
        keys.find(Filters.eq(TenantScope.TENANT_FIELD, tenant.value())).sort(Sorts.ascending("_id"))
                .limit(LIST_LIMIT).forEach(document -> found.add(toKey(document)));
        return found;
    }

    /** Revokes the tenant's key {@code id}; a key already revoked keeps its first revoke time. */
    public Optional<ApiKey> revoke(TenantId tenant, String id, Instant now) {
        Bson key = TenantScope.filter(tenant, Filters.eq("_id", id));
        keys.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq(REVOKE_TIME, null)),
                Updates.set(REVOKE_TIME, Times.toDate(now)));
        return Optional.ofNullable(keys.find(key).first()).map(ApiKeyStore::toKey);
    }

    /** Records a use of key {@code id}; callers limit how often. */
    public void touch(String id, Instant now) {
        keys.updateOne(Filters.eq("_id", id), Updates.set(LAST_USED_TIME, Times.toDate(now)));
    }

    private static ApiKey toKey(Document document) {
        Set<Scope> scopes = document.getList(SCOPES, String.class).stream()
                .flatMap(value -> Scope.parse(value).stream())
                .collect(Collectors.toSet());
        return new ApiKey(document.getString("_id"), new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                document.getString(NAME), scopes, document.getString(PREFIX),
                Times.toInstant(document.getDate(CREATE_TIME)), Times.toInstant(document.getDate(LAST_USED_TIME)),
                Times.toInstant(document.getDate(REVOKE_TIME)));
    }
}
