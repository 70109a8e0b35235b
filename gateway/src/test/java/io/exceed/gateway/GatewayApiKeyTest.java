package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

/**
 * Tenant API keys through the front door: the operator's admin API issues them, every /v1 call needs one,
 * and the backend gets the key's tenant in its metadata whatever the request says.
 */
class GatewayApiKeyTest extends GatewayTestBase {

    private static final String CREATE = "/admin/v1/tenants/{tenant}/apiKeys";

    @Autowired
    MongoDatabase database;

    @Test
    void theAdminApiNeedsTheOperatorToken() {
        anonymous.post().uri(CREATE, "acme").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"ci\", \"scopes\": [\"admin\"]}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.get().uri(CREATE, "acme").header(HttpHeaders.AUTHORIZATION, "Bearer not-the-token")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"));
        // A tenant's key, even an admin one, is not the operator token.
        http.get().uri(CREATE, TENANT).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aNewKeyIsShownOnceAndOnlyItsHashIsStored() {
        JsonObject created = issue("initech", "customers:read", "feedback:write");
        String key = created.get("key").getAsString();
        String id = created.get("id").getAsString();
        assertThat(key).matches("exk_[A-Za-z0-9_-]{43}");
        assertThat(created.get("prefix").getAsString()).isEqualTo(key.substring(0, 8));
        assertThat(created.getAsJsonArray("scopes").toString()).isEqualTo("[\"customers:read\",\"feedback:write\"]");
        assertThat(created.get("createTime").getAsString()).isNotBlank();

        String listed = new String(operator().get().uri(CREATE, "initech").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.apiKeys[0].id").isEqualTo(id)
                .jsonPath("$.apiKeys[0].prefix").isEqualTo(key.substring(0, 8))
                .jsonPath("$.apiKeys[0].key").doesNotExist()
                .returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(listed).doesNotContain(key).doesNotContain(key.substring(4));

        Document stored = database.getCollection("api_keys").find(Filters.eq("_id", id)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("keyHash")).isEqualTo(sha256Hex(key));
        assertThat(stored.getString("tenant")).isEqualTo("initech");
        List<String> everything = new ArrayList<>();
        database.getCollection("api_keys").find().forEach(document -> everything.add(document.toJson()));
        assertThat(everything).noneMatch(json -> json.contains(key.substring(4)));
    }

    @Test
    void badInputIsA400NamingTheFieldAndStoresNothing() {
        long before = database.getCollection("api_keys").countDocuments();
        operator().post().uri(CREATE, "acme").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"ci\", \"scopes\": [\"customers:read\", \"customers:delete\"]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("scopes[1]");
        operator().post().uri(CREATE, "Not A Tenant").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"ci\", \"scopes\": [\"admin\"]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        operator().post().uri(CREATE, "acme").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"  \", \"scopes\": [\"admin\"]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        operator().post().uri(CREATE, "acme").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"" + "n".repeat(101) + "\", \"scopes\": []}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[1].field").isEqualTo("scopes");
        operator().post().uri(CREATE, "acme").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"ci\", \"scopes\": [\"admin\"], \"tenant\": \"globex\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        operator().get().uri(CREATE, "UPPER").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        assertThat(database.getCollection("api_keys").countDocuments()).isEqualTo(before);
    }

    @Test
    void aCallReachesTheBackendAsTheKeysTenant() {
        WebTestClient globex = withKey(issue("globex", "customers:read").get("key").getAsString());
        globex.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo("globex");

        http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo(TENANT);
    }

    @Test
    void theCallerCannotChooseTheTenant() {
        WebTestClient globex = withKey(issue("globex", "customers:read", "customers:write").get("key").getAsString());
        globex.get().uri("/v1/customers/c-1").header("x-tenant-id", TENANT).exchange().expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo("globex");
        assertThat(FakeBackends.LAST_METADATA.get().getAll(FakeBackends.TENANT)).containsExactly("globex");

        globex.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\", \"tenant\": \"acme\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        globex.get().uri("/v1/customers?tenant=acme").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing else reached the backend").isNotInstanceOf(
                io.exceed.customer.v1.CreateCustomerRequest.class).isNotInstanceOf(
                io.exceed.customer.v1.ListCustomersRequest.class);
    }

    @Test
    void aMissingMalformedOrUnknownKeyIsA401() {
        anonymous.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectBody().jsonPath("$.code").isEqualTo("API_KEY_MISSING");
        for (String authorization : List.of("Bearer nonsense", "Basic dXNlcjpwYXNz",
                "Bearer exk_" + "A".repeat(43), "Bearer " + OPERATOR_TOKEN)) {
            anonymous.get().uri("/v1/customers/c-1").header(HttpHeaders.AUTHORIZATION, authorization).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"));
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aRevokedKeyIsA401AtOnce() {
        JsonObject created = issue("globex", "customers:read");
        WebTestClient globex = withKey(created.get("key").getAsString());
        globex.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk(); // now in the cache

        // Another tenant's path cannot reach the key.
        operator().post().uri(CREATE + "/{id}:revoke", TENANT, created.get("id").getAsString()).exchange()
                .expectStatus().isNotFound();
        globex.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();

        operator().post().uri(CREATE + "/{id}:revoke", "globex", created.get("id").getAsString()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.revokeTime").isNotEmpty()
                .jsonPath("$.key").doesNotExist();
        FakeBackends.LAST_REQUEST.set(null);
        globex.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).contains("invalid_token"))
                .expectBody().jsonPath("$.code").isEqualTo("API_KEY_INVALID");
        assertThat(FakeBackends.LAST_REQUEST.get()).isNull();
    }

    @Test
    void aKeyWithoutTheRoutesScopeIsA403NamingIt() {
        WebTestClient reader = withKey(issue("globex", "customers:read", "followups:write").get("key").getAsString());
        reader.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("MISSING_SCOPE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("customers:write"));
        reader.delete().uri("/v1/customers/c-1").exchange().expectStatus().isForbidden();
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();

        reader.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "\"4\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"https://crm.example.com/hooks\"}")
                .exchange().expectStatus().isOk();
        assertThat(FakeBackends.lastTenant()).isEqualTo("globex");

        WebTestClient customersOnly = withKey(issue("globex", "customers:read").get("key").getAsString());
        customersOnly.get().uri("/v1/customers/c-1:view").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .as("the 360 view shows feedback too").contains("feedback:read"));

        WebTestClient feedbackOnly = withKey(issue("globex", "feedback:read").get("key").getAsString());
        feedbackOnly.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("customers:read"));
    }

    @Test
    void eachTenantSeesOnlyItsOwnKeys() {
        String acmeKeyId = issue(TENANT, "customers:read").get("id").getAsString();
        String globexKeyId = issue("globex", "customers:read").get("id").getAsString();
        String acme = new String(operator().get().uri(CREATE, TENANT).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(acme).contains(acmeKeyId).doesNotContain(globexKeyId);
        JsonParser.parseString(acme).getAsJsonObject().getAsJsonArray("apiKeys")
                .forEach(key -> assertThat(key.getAsJsonObject().get("tenant").getAsString()).isEqualTo(TENANT));
    }

    @Test
    void lastUseIsRecordedAtMostOnceAMinute() throws InterruptedException {
        JsonObject created = issue("umbrella", "customers:read");
        WebTestClient umbrella = withKey(created.get("key").getAsString());
        umbrella.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        Instant first = awaitLastUse(created.get("id").getAsString());
        umbrella.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        umbrella.get().uri("/v1/customers/c-2").exchange().expectStatus().isOk();
        // A negative check: give a wrongly recorded second use the time the first one took to show.
        Thread.sleep(300);
        assertThat(lastUse(created.get("id").getAsString())).isEqualTo(first);
    }

    private Instant awaitLastUse(String id) {
        return await("the use of key " + id + " is recorded").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50)).until(() -> lastUse(id), Objects::nonNull);
    }

    private Instant lastUse(String id) {
        Document stored = database.getCollection("api_keys").find(Filters.eq("_id", id)).first();
        return stored == null || stored.getDate("lastUsedTime") == null ? null : stored.getDate("lastUsedTime").toInstant();
    }

    private static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
