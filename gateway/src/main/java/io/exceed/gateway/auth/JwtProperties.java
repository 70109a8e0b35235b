package io.exceed.gateway.auth;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OAuth2 JWT bearer tokens ({@code exceed.gateway.jwt.*}). JWTs are accepted when both {@code issuer-uri} and
 * {@code jwk-set-uri} are set; neither turns them off, one alone is a configuration error.
 *
 * @param issuerUri   the identity provider's issuer: a token's {@code iss} must equal it
 * @param jwkSetUri   where the provider publishes its signing keys (JWK set); re-read when a token names an
 *                    unknown key id, so key rotation needs no restart
 * @param audience    when set, a token's {@code aud} must contain it
 * @param tenantClaim the claim that holds the caller's tenant id
 * @param maxLifetime the longest a token may be valid, from {@code iat} (or now) to {@code exp}, which is required
 * @param keyRefetchCooldown the JWK set is fetched at most once in this long, however many tokens name unknown keys
 */
@ConfigurationProperties("exceed.gateway.jwt")
public record JwtProperties(URI issuerUri, URI jwkSetUri, String audience,
        @DefaultValue("tenant_id") String tenantClaim, @DefaultValue("24h") Duration maxLifetime,
        @DefaultValue("30s") Duration keyRefetchCooldown) {

    public JwtProperties {
        audience = audience == null || audience.isBlank() ? null : audience;
        if ((issuerUri == null) != (jwkSetUri == null)) {
            throw new IllegalArgumentException("set both exceed.gateway.jwt.issuer-uri and exceed.gateway.jwt.jwk-set-uri "
                    + "(EXCEED_GATEWAY_JWT_ISSUER_URI, EXCEED_GATEWAY_JWT_JWK_SET_URI) to accept JWTs, or neither");
        }
        if (maxLifetime == null || !maxLifetime.isPositive()) {
            throw new IllegalArgumentException("exceed.gateway.jwt.max-lifetime must be positive, was " + maxLifetime);
        }
        if (keyRefetchCooldown == null || keyRefetchCooldown.isNegative()) {
            throw new IllegalArgumentException("exceed.gateway.jwt.key-refetch-cooldown must not be negative, was "
                    + keyRefetchCooldown);
        }
        if (tenantClaim == null || tenantClaim.isBlank()) {
            throw new IllegalArgumentException("exceed.gateway.jwt.tenant-claim must name a claim");
        }
    }

    public boolean enabled() {
        return issuerUri != null;
    }
}
