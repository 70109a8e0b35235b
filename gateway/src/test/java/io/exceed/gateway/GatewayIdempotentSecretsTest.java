package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mongodb.client.MongoDatabase;

/**
 * Methods that issue secrets, called with an Idempotency-Key: the gateway never keeps the secret. A retry gets what
 * the service answers a repeated request id (followup-service shows a webhook endpoint's secret again,
 * feedback-service never shows an invitation's token twice), and a method the service cannot recognise a repeat
 * of (reissuing a token) is not sent twice. Not a {@link GatewayTestBase}: feedback-service is up here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-secrets-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayTestBase.OPERATOR_TOKEN})
class GatewayIdempotentSecretsTest {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";
    private static final String TENANT = "acme";

    @LocalServerPort
    int port;

    @Autowired
    MongoDatabase database;

    WebTestClient http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.register(registry, FakeBackends::respondentTarget);
    }

    @BeforeEach
    void client() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        String key = GatewayTestBase.issue(anonymous.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.OPERATOR_TOKEN).build(),
                TENANT, "admin").get("key").getAsString();
        http = anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }

    @Test
    void aWebhookSecretIsNeverKeptAndARetryGetsWhatTheServiceAnswers() {
        String key = UUID.randomUUID().toString();
        String body = "{\"url\": \"https://crm.example.com/hooks\"}";
        JsonObject first = json(post("/v1/webhookEndpoints", key, body).expectStatus().isOk()
                .expectHeader().doesNotExist(REPLAYED)
                .expectBody(String.class).returnResult().getResponseBody());
        String secret = first.get("secret").getAsString();
        assertThat(secret).startsWith("whsec_");

        IdempotencyRecords.assertHoldsNothingOf(IdempotencyRecords.find(database, TENANT, key), key, secret,
                secret.substring("whsec_".length()), "crm.example.com", first.getAsJsonObject("endpoint").get("id")
                        .getAsString());

        // followup-service answers a repeated request id with the endpoint and its secret (its contract says so).
        post("/v1/webhookEndpoints", key, body).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectBody()
                .jsonPath("$.endpoint.id").isEqualTo(first.getAsJsonObject("endpoint").get("id").getAsString())
                .jsonPath("$.secret").isEqualTo(secret);
    }

    @Test
    void anInvitationTokenIsShownOnceAndNeverKept() {
        String key = UUID.randomUUID().toString();
        String body = "{\"customerId\": \"customer-7\", \"channel\": \"CONTACT_CHANNEL_EMAIL\"}";
        String path = "/v1/surveys/sv-1/invitations?actor=crm";
        JsonObject first = json(post(path, key, body).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        String token = first.get("token").getAsString();
        assertThat(token).isNotEmpty();

        IdempotencyRecords.assertHoldsNothingOf(IdempotencyRecords.find(database, TENANT, key), key, token,
                "customer-7", first.getAsJsonObject("invitation").get("id").getAsString());

        post(path, key, body).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectBody()
                .jsonPath("$.invitation.id").isEqualTo(first.getAsJsonObject("invitation").get("id").getAsString())
                .jsonPath("$.token").isEqualTo("")
                .jsonPath("$.surveyUrl").isEqualTo("");
    }

    @Test
    void aTokenReissueIsNotSentTwice() {
        String key = UUID.randomUUID().toString();
        String path = "/v1/invitations/inv-" + UUID.randomUUID() + ":reissueToken";
        int before = FakeBackends.REISSUED.get();
        String token = json(post(path, key, "{}").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).get("token").getAsString();

        post(path, key, "{}").expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist(REPLAYED)
                .expectBody()
                .jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_COMPLETED")
                .jsonPath("$.errors[0].field").isEqualTo(KEY)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("200"));
        assertThat(FakeBackends.REISSUED.get()).isEqualTo(before + 1);
        IdempotencyRecords.assertHoldsNothingOf(IdempotencyRecords.find(database, TENANT, key), key, token);

        // Another request under the key is still a 422, and a new key reissues.
        post(path, key, "{\"invitationId\": \"other\"}").expectStatus().isEqualTo(422);
        post(path, UUID.randomUUID().toString(), "{}").expectStatus().isOk();
        assertThat(FakeBackends.REISSUED.get()).isEqualTo(before + 2);
    }

    private WebTestClient.ResponseSpec post(String path, String key, String body) {
        return http.post().uri(path).header(KEY, key).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange();
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
