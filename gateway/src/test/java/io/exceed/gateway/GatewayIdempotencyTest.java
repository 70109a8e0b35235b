package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.google.gson.JsonObject;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.idempotency.IdempotencyRecordPurge;
import io.exceed.gateway.store.IdempotencyRecordStore;

/**
 * Idempotency-Key on POST: the first response is kept per tenant and replayed; a different request under the
 * same key is a 422; a retry during the first is a 409; answers that say nothing about the request free the key.
 */
class GatewayIdempotencyTest extends GatewayTestBase {

    private static final String KEY = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";

    @Autowired
    MongoDatabase database;

    @Autowired
    IdempotencyRecordStore store;

    @Autowired
    IdempotencyRecordPurge purge;

    @Test
    void theFirstResponseIsReplayedToARetry() {
        String key = UUID.randomUUID().toString();
        String name = unique("Ann");
        byte[] first = create(http, key, name).expectStatus().isOk()
                .expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.displayName").isEqualTo(name)
                .returnResult().getResponseBody();
        byte[] retried = create(http, key, name).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        assertThat(retried).isEqualTo(first);
        assertThat(calls(name)).isEqualTo(1);
    }

    @Test
    void theSameKeyForAnotherRequestIsA422() {
        String key = UUID.randomUUID().toString();
        String name = unique("Ann");
        create(http, key, name).expectStatus().isOk();
        create(http, key, unique("Bob")).expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED")
                .jsonPath("$.errors[0].field").isEqualTo(KEY);
        // The same body elsewhere (another query) is another request too.
        http.post().uri("/v1/customers?request_id=r-9").header(KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(name)).exchange()
                .expectStatus().isEqualTo(422);
        assertThat(calls(name)).isEqualTo(1);
    }

    @Test
    void anotherTenantsSameKeyIsAnotherRequest() {
        String key = UUID.randomUUID().toString();
        String name = unique("Ann");
        create(http, key, name).expectStatus().isOk();
        WebTestClient globex = withKey(issue("globex", "customers:write").get("key").getAsString());
        create(globex, key, name).expectStatus().isOk().expectHeader().doesNotExist(REPLAYED);
        assertThat(FakeBackends.lastTenant()).isEqualTo("globex");
        assertThat(calls(name)).isEqualTo(2);
        // And each tenant's retry gets its own first response back.
        create(globex, key, name).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true");
        create(http, key, name).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true");
        assertThat(calls(name)).isEqualTo(2);
    }

    @Test
    void aRetryWhileTheFirstIsInFlightIsA409AndTheServiceRunsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = unique("hold:Ann");
        FakeBackends.HOLD = new CountDownLatch(1);
        FakeBackends.HELD = new CountDownLatch(1);
        try {
            CompletableFuture<ResponseEntity<String>> first = WebClient.create("http://localhost:" + port).post()
                    .uri("/v1/customers").header(HttpHeaders.AUTHORIZATION, bearer()).header(KEY, key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body(name))
                    .retrieve().toEntity(String.class).toFuture();
            assertThat(FakeBackends.HELD.await(5, TimeUnit.SECONDS)).as("the first request reached the service").isTrue();

            create(http, key, name).expectStatus().isEqualTo(409)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_IN_USE")
                    .jsonPath("$.errors[0].field").isEqualTo(KEY);

            FakeBackends.HOLD.countDown();
            ResponseEntity<String> answered = first.get(5, TimeUnit.SECONDS);
            assertThat(answered.getStatusCode().value()).isEqualTo(200);
            assertThat(answered.getHeaders().containsHeader(REPLAYED)).isFalse();
        } finally {
            FakeBackends.HOLD.countDown();
        }
        create(http, key, name).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true");
        assertThat(calls(name)).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheServiceIsKeptAndReplayed() {
        String key = UUID.randomUUID().toString();
        create(http, key, "already exists").expectStatus().isEqualTo(409)
                .expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.code").isEqualTo("CUSTOMER_EXISTS");
        int before = calls("already exists");
        create(http, key, "already exists").expectStatus().isEqualTo(409)
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("CUSTOMER_EXISTS")
                .jsonPath("$.instance").isEqualTo("/v1/customers");
        assertThat(calls("already exists")).isEqualTo(before);
    }

    @Test
    void anUnavailableServiceDoesNotPinTheKey() {
        String key = UUID.randomUUID().toString();
        int before = calls("unavailable");
        create(http, key, "unavailable").expectStatus().isEqualTo(503);
        create(http, key, "unavailable").expectStatus().isEqualTo(503).expectHeader().doesNotExist(REPLAYED);
        assertThat(calls("unavailable")).isEqualTo(before + 2);
        assertThat(records().countDocuments(Filters.eq("key", key))).isZero();

        // A backend that is down altogether: the same.
        String down = UUID.randomUUID().toString();
        http.post().uri("/v1/complaints").header(KEY, down).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503);
        assertThat(records().countDocuments(Filters.eq("key", down))).isZero();
    }

    @Test
    void aRequestTheGatewayRefusedDoesNotPinTheKey() {
        String key = UUID.randomUUID().toString();
        http.post().uri("/v1/customers").header(KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\", \"shoeSize\": 42}")
                .exchange().expectStatus().isBadRequest();
        String name = unique("Ann");
        create(http, key, name).expectStatus().isOk().expectHeader().doesNotExist(REPLAYED);
        assertThat(calls(name)).isEqualTo(1);
    }

    @Test
    void theKeyBecomesTheRequestIdWhenTheCallerSentNone() {
        String key = "k-" + UUID.randomUUID();
        create(http, key, unique("Ann")).expectStatus().isOk();
        assertThat(((CreateCustomerRequest) FakeBackends.LAST_REQUEST.get()).getRequestId()).isEqualTo(key);

        http.post().uri("/v1/customers?request_id=r-own").header(KEY, UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(unique("Ann"))).exchange()
                .expectStatus().isOk();
        assertThat(((CreateCustomerRequest) FakeBackends.LAST_REQUEST.get()).getRequestId()).isEqualTo("r-own");

        // A key the services would refuse as a request id is not passed on.
        create(http, "k/" + UUID.randomUUID(), unique("Ann")).expectStatus().isOk();
        assertThat(((CreateCustomerRequest) FakeBackends.LAST_REQUEST.get()).getRequestId()).isEmpty();
    }

    @Test
    void aMalformedKeyIsA400NamingTheHeader() {
        for (String malformed : new String[] {"x".repeat(256), "two words", "tab\there"}) {
            create(http, malformed, unique("Ann")).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("INVALID_IDEMPOTENCY_KEY")
                    .jsonPath("$.errors[0].field").isEqualTo(KEY);
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
        create(http, "x".repeat(255), unique("Ann")).expectStatus().isOk();
    }

    @Test
    void anExpiredRecordCountsAsAbsent() {
        String key = UUID.randomUUID().toString();
        create(http, key, unique("Ann")).expectStatus().isOk();
        // The embedded store does not enforce the TTL index: the record outlives its expiry until purged.
        records().updateOne(Filters.eq("key", key), Updates.set("expireTime", Date.from(Instant.now().minusSeconds(1))));
        String other = unique("Bob");
        create(http, key, other).expectStatus().isOk().expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.displayName").isEqualTo(other);
        create(http, key, other).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true");
        assertThat(calls(other)).isEqualTo(1);
    }

    @Test
    void expiredRecordsArePurgedInBatchesAndLiveOnesKept() {
        TenantId tenant = new TenantId("purge-" + UUID.randomUUID().toString().substring(0, 8));
        Instant past = Instant.now().minus(Duration.ofHours(25));
        for (int i = 0; i < 5; i++) {
            assertThat(store.tryInsert(tenant, "old-" + i, "f", past, past, past.plus(Duration.ofHours(24)))).isPresent();
        }
        assertThat(store.tryInsert(tenant, "live", "f", Instant.now(), Instant.now(),
                Instant.now().plus(Duration.ofHours(24)))).isPresent();

        assertThat(store.purgeExpired(Instant.now(), 2)).isEqualTo(2);
        assertThat(records().countDocuments(Filters.eq("tenant", tenant.value()))).isEqualTo(4);
        assertThat(purge.purge()).isGreaterThanOrEqualTo(3);
        assertThat(records().countDocuments(Filters.eq("tenant", tenant.value()))).isEqualTo(1);
        assertThat(store.find(tenant, "live")).isPresent();
    }

    @Test
    void realMongoDbExpiresRecordsByTheirTtlIndex() {
        Document ttl = null;
        for (Document index : records().listIndexes()) {
            if (index.get("key", Document.class).containsKey("expireTime")) {
                ttl = index;
            }
        }
        assertThat(ttl).isNotNull();
        assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isZero();
    }

    private WebTestClient.ResponseSpec create(WebTestClient client, String key, String name) {
        return client.post().uri("/v1/customers").header(KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(name)).exchange();
    }

    private String bearer() {
        JsonObject issued = issue(TENANT, "customers:write");
        return "Bearer " + issued.get("key").getAsString();
    }

    private MongoCollection<Document> records() {
        return database.getCollection("idempotency_records");
    }

    private static String body(String name) {
        JsonObject customer = new JsonObject();
        customer.addProperty("displayName", name);
        return customer.toString();
    }

    private static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID();
    }

    private static int calls(String name) {
        AtomicInteger count = FakeBackends.CREATE_CALLS.get(name);
        return count == null ? 0 : count.get();
    }
}
