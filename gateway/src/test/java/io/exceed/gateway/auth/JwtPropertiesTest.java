package io.exceed.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class JwtPropertiesTest {

    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration COOLDOWN = Duration.ofSeconds(30);

    private static final URI ISSUER = URI.create("https://login.example.com/realms/exceed");
    private static final URI KEYS = URI.create("https://login.example.com/realms/exceed/certs");

    @Test
    void jwtsAreOnWithAnIssuerAndItsKeysAndOffWithNeither() {
        assertThat(new JwtProperties(ISSUER, KEYS, "", "tenant_id", DAY, COOLDOWN).enabled()).isTrue();
        assertThat(new JwtProperties(ISSUER, KEYS, " ", "tenant_id", DAY, COOLDOWN).audience()).isNull();
        assertThat(new JwtProperties(null, null, null, "tenant_id", DAY, COOLDOWN).enabled()).isFalse();
    }

    @Test
    void oneWithoutTheOtherFailsTheStartNamingBoth() {
        assertThatThrownBy(() -> new JwtProperties(ISSUER, null, null, "tenant_id", DAY, COOLDOWN))
                .hasMessageContaining("exceed.gateway.jwt.issuer-uri").hasMessageContaining("exceed.gateway.jwt.jwk-set-uri");
        assertThatThrownBy(() -> new JwtProperties(null, KEYS, null, "tenant_id", DAY, COOLDOWN))
                .hasMessageContaining("EXCEED_GATEWAY_JWT_ISSUER_URI");
        assertThatThrownBy(() -> new JwtProperties(ISSUER, KEYS, null, " ", DAY, COOLDOWN))
                .hasMessageContaining("exceed.gateway.jwt.tenant-claim");
    }
}
