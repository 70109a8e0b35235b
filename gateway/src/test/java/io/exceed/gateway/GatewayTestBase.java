package io.exceed.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The gateway on a random port in front of {@link FakeBackends}, on a fresh database of the embedded store;
 * every test class shares one context. {@link #http} calls with an {@code admin} key of {@link #TENANT},
 * issued through the admin API before each test; {@link #anonymous} sends no credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-test-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayTestBase.OPERATOR_TOKEN,
        // A property, not a dynamic one, so a subclass's @DynamicPropertySource can raise it.
        // Well under FakeBackends.SLOW, and roomy enough for a first call on a busy machine.
        // Room for a loaded machine; FakeBackends.SLOW stays longer than this.
        "exceed.gateway.deadline=5s"})
abstract class GatewayTestBase {

    static final String OPERATOR_TOKEN = "operator-token-for-tests";
    static final String TENANT = "acme";

    @LocalServerPort
    int port;

    WebTestClient anonymous;
    WebTestClient http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.register(registry, FakeBackends::deadTarget);
    }

    @BeforeEach
    void client() {
        // Longer than the gateway's deadline, so a deadline the test provokes is the gateway's answer, not the client's.
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        http = withKey(issue(TENANT, "admin").get("key").getAsString());
        FakeBackends.LAST_REQUEST.set(null);
        FakeBackends.LAST_METADATA.set(null);
    }

    WebTestClient withKey(String key) {
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }

    WebTestClient operator() {
        return anonymous.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN).build();
    }

    /** Issues a key through the admin API and returns the 201 body: id, key, prefix, scopes, createTime. */
    JsonObject issue(String tenant, String... scopes) {
        return issue(operator(), tenant, scopes);
    }

    /** Issues a key through the admin API with the operator's client and returns the 201 body. */
    static JsonObject issue(WebTestClient operator, String tenant, String... scopes) {
        JsonObject request = new JsonObject();
        request.addProperty("name", "test key");
        request.add("scopes", new com.google.gson.Gson().toJsonTree(List.of(scopes)));
        byte[] body = operator.post().uri("/admin/v1/tenants/{tenant}/apiKeys", tenant)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request.toString())
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return JsonParser.parseString(new String(body, java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
