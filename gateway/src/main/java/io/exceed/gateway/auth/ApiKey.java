package io.exceed.gateway.auth;

import java.time.Instant;
import java.util.Set;

import io.exceed.defaults.tenancy.TenantId;

/**
 * A tenant's API key as the gateway keeps it: never the key itself, only what identifies and limits it.
 *
 * @param prefix       the key's first characters, so people can tell their keys apart (e.g. {@code exk_AbC1})
 * @param lastUsedTime when a call last used it, to the minute; null before its first use
 * @param revokeTime   when it was revoked; null while it works
 */
public record ApiKey(String id, TenantId tenant, String name, Set<Scope> scopes, String prefix, Instant createTime,
        Instant lastUsedTime, Instant revokeTime) {

    public ApiKey {
        scopes = Set.copyOf(scopes);
    }

    public boolean revoked() {
        return revokeTime != null;
    }
}
