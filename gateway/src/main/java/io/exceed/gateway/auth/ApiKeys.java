package io.exceed.gateway.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;

/** Issues, lists and revokes tenants' API keys. The key itself exists only in {@link Issued}, once. */
public final class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final Clock clock;

    public ApiKeys(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** A new key and the only copy of its value. */
    public record Issued(ApiKey apiKey, String key) {

        @Override
        public String toString() {
            return "Issued[" + apiKey + "]"; // never the key
        }
    }

    public Issued issue(TenantId tenant, String name, Set<Scope> scopes) {
        String key = ApiKeySecrets.newKey();
        ApiKey apiKey = new ApiKey(TimeOrderedIds.next(), tenant, name, scopes, ApiKeySecrets.prefix(key),
                clock.instant(), null, null);
        store.insert(apiKey, ApiKeySecrets.hash(key));
        log.info("API key {} ({}) issued for tenant {} with scopes {}", apiKey.id(), apiKey.prefix(), tenant, scopes);
        return new Issued(apiKey, key);
    }

    public List<ApiKey> list(TenantId tenant) {
        return store.list(tenant);
    }

    public Optional<ApiKey> revoke(TenantId tenant, String id) {
        Optional<ApiKey> revoked = store.revoke(tenant, id, clock.instant());
        revoked.ifPresent(key -> {
            authenticator.forget(key.id());
            log.info("API key {} ({}) of tenant {} revoked", key.id(), key.prefix(), tenant);
        });
        return revoked;
    }
}
