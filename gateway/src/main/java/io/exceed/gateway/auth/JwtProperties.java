package io.exceed.gateway.auth;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OAuth2 JWT bearer tokens ({@code exceed.gateway.jwt.*}). JWTs are accepted only when {@code issuer-uri} is set.
 *
 * @param issuerUri   the identity provider's issuer: a token's {@code iss} must equal it. Without
 *                    {@code jwk-set-uri} the keys are found through its OpenID discovery document
 * @param jwkSetUri   where the provider publishes its signing keys (JWK set); re-read when a token names an
 *                    unknown key id, so key rotation needs no restart
 * @param audience    when set, a token's {@code aud} must contain it
 * @param tenantClaim the claim that holds the caller's tenant id
 */
@ConfigurationProperties("exceed.gateway.jwt")
public record JwtProperties(URI issuerUri, URI jwkSetUri, String audience,
        @DefaultValue("tenant_id") String tenantClaim) {

    public JwtProperties {
        audience = audience == null || audience.isBlank() ? null : audience;
        if (jwkSetUri != null && issuerUri == null) {
            throw new IllegalArgumentException("exceed.gateway.jwt.jwk-set-uri needs exceed.gateway.jwt.issuer-uri: "
                    + "tokens are accepted only from a known issuer");
        }
        if (tenantClaim == null || tenantClaim.isBlank()) {
            throw new IllegalArgumentException("exceed.gateway.jwt.tenant-claim must name a claim");
        }
    }

    public boolean enabled() {
        return issuerUri != null;
    }
}
