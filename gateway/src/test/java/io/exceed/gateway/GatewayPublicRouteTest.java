package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonParser;

import io.exceed.feedback.v1.GetSurveyFormRequest;

/**
 * The respondents' routes (RespondentService) need no credential, reach feedback-service without a tenant
 * whatever the caller sends, and have their own per-address rate limit: 3 calls, then one an hour. Not a
 * {@link GatewayTestBase}: feedback-service is up here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-public-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayTestBase.OPERATOR_TOKEN,
        "exceed.gateway.deadline=5s",
        "exceed.gateway.rate-limits.public-routes.capacity=3",
        "exceed.gateway.rate-limits.public-routes.refill-tokens=1",
        "exceed.gateway.rate-limits.public-routes.refill-period=1h"})
class GatewayPublicRouteTest {

    private static final String FORM = "/v1/respond:form";

    @LocalServerPort
    int port;

    WebTestClient anonymous;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.register(registry, FakeBackends::respondentTarget);
    }

    @BeforeEach
    void client() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        FakeBackends.LAST_REQUEST.set(null);
        FakeBackends.LAST_METADATA.set(null);
    }

    @Test
    void anonymousRespondentsAreLimitedByAddressAndNeverSendATenant() {
        anonymous.post().uri(FORM).contentType(MediaType.APPLICATION_JSON)
                .header("x-tenant-id", "acme")
                .bodyValue("{\"token\": \"svt_first\", \"language\": \"sv\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Policy", "\"public\";q=3;w=10800")
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "public", 2, 3600))
                .expectBody().jsonPath("$.language").isEqualTo("sv");
        assertThat(((GetSurveyFormRequest) FakeBackends.LAST_REQUEST.get()).getToken()).isEqualTo("svt_first");
        assertThat(FakeBackends.LAST_METADATA.get().containsKey(FakeBackends.TENANT))
                .as("no tenant reaches a public service").isFalse();

        // A credential changes nothing on a public route: still no tenant, still the address's budget.
        withKey("globex", "feedback:read")
                .post().uri(FORM).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"token\": \"svt_second\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "public", 1, 7200));
        assertThat(FakeBackends.LAST_METADATA.get().containsKey(FakeBackends.TENANT)).isFalse();

        anonymous.post().uri(FORM).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"token\": \"svt_third\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "public", 0, 10800));

        FakeBackends.LAST_REQUEST.set(null);
        // A forwarded-for header is not trusted to pick another bucket.
        anonymous.post().uri(FORM).contentType(MediaType.APPLICATION_JSON).header("X-Forwarded-For", "203.0.113.9")
                .bodyValue("{\"token\": \"svt_fourth\"}")
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> RateLimitHeaders.assertSeconds(value, 3600))
                .expectHeader().value("RateLimit", value -> RateLimitHeaders.assertRemaining(value, "public", 0, 10800))
                .expectHeader().exists("X-Request-Id")
                .expectBody()
                .jsonPath("$.code").isEqualTo("RATE_LIMITED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("public"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();

        // Tenants' calls have their own buckets.
        withKey("acme", "customers:read").get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectHeader().value("RateLimit", value -> assertThat(value).startsWith("\"tenant\";r="));
    }

    @Test
    void everyOtherRouteStillNeedsACredential() {
        anonymous.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("API_KEY_MISSING");
        // Another method on the public path is no public route either.
        anonymous.get().uri(FORM).exchange().expectStatus().isUnauthorized();
        assertThat(FakeBackends.LAST_REQUEST.get()).isNull();
    }

    private WebTestClient withKey(String tenant, String scope) {
        byte[] created = anonymous.post().uri("/admin/v1/tenants/{tenant}/apiKeys", tenant)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"test key\", \"scopes\": [\"" + scope + "\"]}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String key = JsonParser.parseString(new String(created, StandardCharsets.UTF_8)).getAsJsonObject()
                .get("key").getAsString();
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }
}
