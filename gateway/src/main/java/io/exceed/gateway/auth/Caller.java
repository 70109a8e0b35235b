package io.exceed.gateway.auth;

import java.util.Set;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Who a REST call is made for, once the gateway has checked its credential.
 *
 * @param tenant     the tenant the credential belongs to; null only for {@link Credential#NONE}
 * @param scopes     what the credential allows
 * @param credential how the caller proved who they are
 */
public record Caller(TenantId tenant, Set<Scope> scopes, Credential credential) {

    /** The kinds of credential, as problems and the access log name them. */
    public enum Credential {
        API_KEY("API key"),
        JWT("token"),
        /** A public route's caller: the request itself carries what the service checks (a survey token). */
        NONE("anonymous caller");

        private final String description;

        Credential(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Caller {
        scopes = Set.copyOf(scopes);
        if ((tenant == null) != (credential == Credential.NONE)) {
            throw new IllegalArgumentException("a tenant comes with a credential, and only then");
        }
    }

    public static Caller of(ApiKey key) {
        return new Caller(key.tenant(), key.scopes(), Credential.API_KEY);
    }

    public static Caller anonymous() {
        return new Caller(null, Set.of(), Credential.NONE);
    }

    public boolean isAnonymous() {
        return credential == Credential.NONE;
    }

    public boolean grants(Scope needed) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(needed);
    }
}
