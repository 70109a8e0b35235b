package io.exceed.gateway.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.problem.ProblemException;

/**
 * The decoder against an identity provider (WireMock on loopback): forged tokens naming made-up key ids, the
 * attack issue 19 measured at one JWK-set fetch each, cost at most one fetch per cool-down, as do failed fetches.
 */
class JwtAuthenticatorTest {

    private static final RSAKey KEY = SigningKeys.generate("key-1");
    private static final Duration COOLDOWN = Duration.ofHours(1);

    private WireMockServer identityProvider;
    private JwtAuthenticator jwts;

    @BeforeEach
    void start() {
        identityProvider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        identityProvider.start();
        jwts = JwtAuthenticator.create(new JwtProperties(URI.create(issuer()),
                URI.create(identityProvider.baseUrl() + "/keys"), null, "tenant_id", Duration.ofHours(24), COOLDOWN));
    }

    @AfterEach
    void stop() {
        identityProvider.stop();
    }

    @Test
    void tokensNamingUnknownKeysFetchTheKeySetAtMostOncePerCooldown() {
        identityProvider.stubFor(get(urlEqualTo("/keys")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(SigningKeys.jwkSet(KEY))));
        assertThat(jwts.authenticate(SigningKeys.sign(KEY, claims())).block().tenant())
                .isEqualTo(new TenantId("acme"));

        for (int i = 0; i < 100; i++) {
            String forged = SigningKeys.sign(new RSAKey.Builder(KEY).keyID("made-up-" + i).build(), claims());
            assertThatThrownBy(() -> jwts.authenticate(forged).block()).isInstanceOfSatisfying(ProblemException.class,
                    refused -> assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED));
        }
        assertThat(jwts.authenticate(SigningKeys.sign(KEY, claims())).block().tenant())
                .as("the known key still verifies").isEqualTo(new TenantId("acme"));

        assertThat(fetches()).as("one fetch for 102 tokens").isEqualTo(1);
    }

    @Test
    void aFailedFetchIsNotRepeatedWithinTheCooldownEither() {
        identityProvider.stubFor(get(urlEqualTo("/keys")).willReturn(aResponse().withStatus(500)));

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> jwts.authenticate(SigningKeys.sign(KEY, claims())).block())
                    .isInstanceOfSatisfying(ProblemException.class,
                            refused -> assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        }
        assertThat(fetches()).isEqualTo(1);
    }

    private int fetches() {
        return identityProvider.countRequestsMatching(getRequestedFor(urlEqualTo("/keys")).build()).getCount();
    }

    private String issuer() {
        return identityProvider.baseUrl() + "/realms/exceed";
    }

    private JWTClaimsSet claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject("user-1").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("tenant_id", "acme").build();
    }
}
