package io.exceed.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.exceed.gateway.auth.SigningKeys.generate;
import static io.exceed.gateway.auth.SigningKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.gateway.auth.SigningKeys;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/**
 * OAuth2 JWT bearer tokens, verified against a JWK set that WireMock serves as the identity provider would;
 * the tokens are signed here with generated RSA keys.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayJwtTest extends GatewayTestBase {

    private static final String AUDIENCE = "exceed-api";
    private static final RSAKey SIGNING_KEY = generate("key-1");

    @Autowired
    private PartnerGrpcServer grpcServer;
    private static final RSAKey ROTATED_KEY = generate("key-2");
    private static WireMockServer identityProvider;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        if (identityProvider == null) {
            identityProvider = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
            identityProvider.start();
        }
        registry.add("exceed.gateway.jwt.issuer-uri", GatewayJwtTest::issuer);
        registry.add("exceed.gateway.jwt.jwk-set-uri", () -> identityProvider.baseUrl() + "/keys");
        registry.add("exceed.gateway.jwt.audience", () -> AUDIENCE);
        // Tests rotate keys at once; JwtAuthenticatorTest covers the cool-down between fetches.
        registry.add("exceed.gateway.jwt.key-refetch-cooldown", () -> "0s");
        // The first calls of a fresh context on a busy machine can take longer than the base's 1 s.
        registry.add("exceed.gateway.deadline", () -> "5s");
    }

    @AfterAll
    static void stopIdentityProvider() {
        identityProvider.stop();
    }

    @BeforeEach
    void publishKeys() {
        publish(SIGNING_KEY);
    }

    @Test
    void aValidTokenCallsAsItsTenantWithItsScopes() {
        bearer(token(claims -> claims.claim("tenant_id", "initech").claim("scope", "openid customers:read")))
                .get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo("c-1");
        assertThat(FakeBackends.lastTenant()).isEqualTo("initech");

        // scp as a list, as some providers write it.
        bearer(token(claims -> claims.claim("tenant_id", "globex").claim("scp", List.of("customers:write"))))
                .post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\"}")
                .exchange()
                .expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo("globex");
    }

    @Test
    void partnersCallOverGrpcWithATokenToo() throws InterruptedException {
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + token(claims -> claims.claim("tenant_id", "initech").claim("scope", "customers:read")));
        ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpcServer.port()).usePlaintext().build();
        try {
            var customers = CustomerServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            assertThat(customers.getCustomer(GetCustomerRequest.newBuilder().setCustomerId("c-1").build()).getId())
                    .isEqualTo("c-1");
            assertThat(FakeBackends.lastTenant()).isEqualTo("initech");
            assertThatThrownBy(() -> customers.createCustomer(CreateCustomerRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(e.getStatus().getDescription()).contains("token").contains("customers:write");
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTokenWithoutTheRoutesScopeIsA403NamingIt() {
        bearer(token(claims -> claims.claim("tenant_id", "initech").claim("scope", "customers:read feedback:write")))
                .post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        v -> assertThat(v).contains("error=\"insufficient_scope\"").contains("scope=\"customers:write\""))
                .expectBody()
                .jsonPath("$.code").isEqualTo("MISSING_SCOPE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("this token lacks the scope customers:write"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void anExpiredOrNotYetValidTokenIsA401() {
        Instant now = Instant.now();
        expectInvalid(token(claims -> valid(claims).issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(600)))), "expired");
        expectInvalid(token(claims -> valid(claims).notBeforeTime(Date.from(now.plusSeconds(600)))), "used before");
    }

    @Test
    void aTokenWithoutExpiryOrLivingLongerThanTheMaximumIsA401() {
        Instant now = Instant.now();
        expectInvalid(token(claims -> valid(claims).expirationTime(null)), "exp");
        expectInvalid(token(claims -> valid(claims).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(25))))), "longer than PT24H");
        expectInvalid(token(claims -> valid(claims).issueTime(null)
                .expirationTime(Date.from(now.plus(Duration.ofDays(30))))), "longer than PT24H");
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIsA401() {
        expectInvalid(token(claims -> valid(claims).issuer("https://elsewhere.example/")), "iss");
        expectInvalid(token(claims -> valid(claims).audience("another-api")), "aud");
        expectInvalid(token(claims -> valid(claims).audience((String) null)), "aud");
    }

    @Test
    void aForgedTokenOrAnUnknownKeyIsA401() {
        // Signed by another key that claims the published key's id.
        expectInvalid(sign(generate(SIGNING_KEY.getKeyID()), valid(new JWTClaimsSet.Builder()).build()), "");
        expectInvalid(sign(generate("key-nobody-published"), valid(new JWTClaimsSet.Builder()).build()), "");
        String valid = token(GatewayJwtTest::valid);
        expectInvalid(valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA", "");
        expectInvalid("not.a.jwt", "");
        expectInvalid("eyJhbGciOiJub25lIn0.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.", "");
    }

    @Test
    void aTokenWithoutATenantIsA401() {
        expectInvalid(token(claims -> valid(claims).claim("tenant_id", null)), "tenant_id");
        expectInvalid(token(claims -> valid(claims).claim("tenant_id", "Not A Tenant")), "tenant_id");
        expectInvalid(token(claims -> valid(claims).claim("tenant_id", 42)), "tenant_id");
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() {
        bearer(token(GatewayJwtTest::valid)).get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        publish(SIGNING_KEY, ROTATED_KEY);
        bearer(sign(ROTATED_KEY, valid(new JWTClaimsSet.Builder()).build()))
                .get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk();
    }

    @Test
    void unreachableKeysAre503NotTheCallersFault() {
        identityProvider.stubFor(get(urlEqualTo("/keys")).willReturn(aResponse().withStatus(500)));
        bearer(sign(generate("key-while-down"), valid(new JWTClaimsSet.Builder()).build()))
                .get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_KEYS_UNAVAILABLE");
        assertThat(FakeBackends.LAST_REQUEST.get()).isNull();
    }

    @Test
    void apiKeysStillWorkBesideJwts() {
        http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo(TENANT);
        anonymous.get().uri("/v1/customers/c-1").header(HttpHeaders.AUTHORIZATION, "Bearer exk_" + "A".repeat(43))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("API_KEY_INVALID");
        anonymous.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("API_KEY_MISSING");
    }

    @Test
    void theAccessLogNeverShowsTheToken(CapturedOutput output) {
        String token = token(GatewayJwtTest::valid);
        bearer(token).get().uri("/v1/customers/c-1").header("X-Request-Id", "jwt-log-1").exchange()
                .expectStatus().isOk();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("GET /v1/customers/{customer_id} 200 ").contains("tenant=acme request_id=jwt-log-1"));
        assertThat(output.getAll()).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(token.substring(0, token.indexOf('.')));
    }

    private void expectInvalid(String token, String describedAs) {
        FakeBackends.LAST_REQUEST.set(null);
        bearer(token).get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                        .startsWith("Bearer realm=\"exceed\", error=\"invalid_token\", error_description=\"")
                        .contains(describedAs));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    private WebTestClient bearer(String token) {
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    private static String issuer() {
        return identityProvider.baseUrl() + "/realms/exceed";
    }

    /** The claims of a token the gateway accepts, for tenant acme with every customers scope. */
    private static JWTClaimsSet.Builder valid(JWTClaimsSet.Builder claims) {
        Instant now = Instant.now();
        return claims.issuer(issuer()).audience(AUDIENCE).subject("user-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("tenant_id", "acme").claim("scope", "customers:read customers:write");
    }

    private static String token(Consumer<JWTClaimsSet.Builder> claims) {
        JWTClaimsSet.Builder builder = valid(new JWTClaimsSet.Builder());
        claims.accept(builder);
        return sign(SIGNING_KEY, builder.build());
    }

    private static void publish(RSAKey... keys) {
        identityProvider.stubFor(get(urlEqualTo("/keys")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(SigningKeys.jwkSet(keys))));
    }
}
