package io.exceed.gateway.auth;

import java.util.Locale;

import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * Finds the caller of {@code Authorization: Bearer <credential>}: a credential that starts with {@code exk_} is
 * a tenant API key, anything else a JWT (when JWTs are configured; otherwise it is an invalid API key).
 */
public final class BearerAuthenticator {

    private static final String BEARER = "bearer ";

    private final ApiKeyAuthenticator apiKeys;
    private final JwtAuthenticator jwts;

    /** @param jwts null when the gateway accepts no JWTs */
    public BearerAuthenticator(ApiKeyAuthenticator apiKeys, JwtAuthenticator jwts) {
        this.apiKeys = apiKeys;
        this.jwts = jwts;
    }

    public Mono<Caller> authenticate(String authorization) {
        boolean bearer = authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER);
        if (!bearer && jwts != null) {
            return Mono.error(ProblemException.unauthorized(
                    "credentials are required: send Authorization: Bearer <API key or token>", "API_KEY_MISSING",
                    false));
        }
        if (bearer && jwts != null && !authorization.substring(BEARER.length()).strip()
                .startsWith(ApiKeySecrets.KEY_PREFIX)) {
            return jwts.authenticate(authorization.substring(BEARER.length()).strip());
        }
        return apiKeys.authenticate(authorization).map(Caller::of);
    }
}
