package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.idempotency.IdempotencyRecordPurge;
import io.exceed.gateway.idempotency.IdempotencyRecordStore;

/**
 * Idempotency-Key on POST: a retry is sent again as the same request (the key is its request id, which the service
 * recognises) and marked as a replay; a different request under the same key is a 422; a retry during the first is
 * a 409; answers that say nothing about the request free the key. The records hold nothing but hashes and
 * statuses, and the erasure report says so.
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

    @Autowired
    ExactKeyIndexes exactKeyIndexes;

    @Test
    void aRetryIsTheSameRequestAgainAndTheServiceDoesItOnce() {
        String key = UUID.randomUUID().toString();
        String name = unique("Ann");
        byte[] first = create(http, key, name).expectStatus().isOk()
                .expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.displayName").isEqualTo(name)
                .returnResult().getResponseBody();
        String firstRequestId = lastCreate().getRequestId();
        byte[] retried = create(http, key, name).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        assertThat(retried).isEqualTo(first);
        assertThat(lastCreate().getRequestId()).isEqualTo(firstRequestId).isEqualTo(key);
        assertThat(calls(name)).as("sent again").isEqualTo(2);
        assertThat(created(name)).as("created once").isEqualTo(1);
    }

    @Test
    void theRecordHoldsNoBodyNoResponseAndNotTheKey() {
        String key = UUID.randomUUID().toString();
        String name = unique("Åsa Öberg");
        String email = "asa-" + UUID.randomUUID() + "@example.se";
        byte[] reply = http.post().uri("/v1/customers").header(KEY, key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"" + name + "\", \"emails\": [\"" + email + "\"]}").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        String id = JsonParser.parseString(new String(reply, StandardCharsets.UTF_8)).getAsJsonObject()
                .get("id").getAsString();

        Document record = IdempotencyRecords.find(database, TENANT, key);
        IdempotencyRecords.assertHoldsNothingOf(record, key, name, "Åsa", email, "example.se", id);
        assertThat(record.getInteger("status")).isEqualTo(200);
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
        assertThat(created(name)).isEqualTo(2);
        // And each tenant's retry is its own first request again.
        String globexCustomer = id(create(globex, key, name).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true"));
        String acmeCustomer = id(create(http, key, name).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true"));
        assertThat(globexCustomer).isNotEqualTo(acmeCustomer);
        assertThat(created(name)).isEqualTo(2);
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
            IdempotencyRecords.assertHoldsNothingOf(IdempotencyRecords.find(database, TENANT, key), key, name);

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
        assertThat(created(name)).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheServiceIsAskedAgainAndAnsweredAsAReplay() {
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
        assertThat(calls("already exists")).as("no answer is kept to replay").isEqualTo(before + 1);
    }

    @Test
    void anUnavailableServiceDoesNotPinTheKey() {
        String key = UUID.randomUUID().toString();
        int before = calls("unavailable");
        create(http, key, "unavailable").expectStatus().isEqualTo(503);
        create(http, key, "unavailable").expectStatus().isEqualTo(503).expectHeader().doesNotExist(REPLAYED);
        assertThat(calls("unavailable")).isEqualTo(before + 2);
        assertThat(IdempotencyRecords.find(database, TENANT, key)).isNull();

        // A backend that is down altogether: the same.
        String down = UUID.randomUUID().toString();
        http.post().uri("/v1/complaints").header(KEY, down).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isEqualTo(503);
        assertThat(IdempotencyRecords.find(database, TENANT, down)).isNull();
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
        assertThat(lastCreate().getRequestId()).isEqualTo(key);

        http.post().uri("/v1/customers?request_id=r-own").header(KEY, UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body(unique("Ann"))).exchange()
                .expectStatus().isOk();
        assertThat(lastCreate().getRequestId()).isEqualTo("r-own");
    }

    @Test
    void aKeyThatIsNoRequestIdStandsForOneOfItsTenant() {
        String key = "k/" + UUID.randomUUID();
        String name = unique("Ann");
        String customer = id(create(http, key, name).expectStatus().isOk());
        String derived = lastCreate().getRequestId();
        assertThat(derived).matches("idem:[A-Za-z0-9_-]{43}");

        assertThat(id(create(http, key, name).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true")))
                .isEqualTo(customer);
        assertThat(lastCreate().getRequestId()).isEqualTo(derived);
        assertThat(created(name)).isEqualTo(1);

        WebTestClient globex = withKey(issue("globex", "customers:write").get("key").getAsString());
        create(globex, key, name).expectStatus().isOk();
        assertThat(lastCreate().getRequestId()).startsWith("idem:").isNotEqualTo(derived);
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
        records().updateOne(Filters.eq("key", IdempotencyRecords.keyHash(key)),
                Updates.set("expireTime", Date.from(Instant.now().minusSeconds(1))));
        String other = unique("Bob");
        create(http, key, other).expectStatus().isOk().expectHeader().doesNotExist(REPLAYED);
        create(http, key, other).expectStatus().isOk().expectHeader().valueEquals(REPLAYED, "true");
        assertThat(calls(other)).isEqualTo(2);
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

        assertThat(store.purge(Instant.now(), 2)).isEqualTo(2);
        assertThat(records().countDocuments(Filters.eq("tenant", tenant.value()))).isEqualTo(4);
        assertThat(purge.purge()).isGreaterThanOrEqualTo(3);
        assertThat(records().countDocuments(Filters.eq("tenant", tenant.value()))).isEqualTo(1);
        assertThat(store.find(tenant, "live")).isPresent();
    }

    @Test
    void recordsOfEarlierVersionsAreDeletedAtStartAndByThePurgeAndNeverReplayed() {
        String key = UUID.randomUUID().toString();
        String oldName = unique("Old Name");
        records().insertMany(List.of(legacyRecord(key, oldName), legacyRecord(UUID.randomUUID().toString(), null)));
        String newName = unique("New Name");
        create(http, key, newName).expectStatus().isOk().expectHeader().doesNotExist(REPLAYED)
                .expectBody().jsonPath("$.displayName").isEqualTo(newName);

        new IdempotencyRecordStore(database, exactKeyIndexes);
        assertThat(records().countDocuments(Filters.exists("response"))).as("deleted at start").isZero();

        records().insertOne(legacyRecord(UUID.randomUUID().toString(), oldName));
        purge.purge();
        assertThat(records().countDocuments(Filters.exists("response")))
                .as("deleted by the purge (a replica of an earlier version may write them until it is replaced)")
                .isZero();
        assertThat(IdempotencyRecords.find(database, TENANT, key)).as("the new record stays").isNotNull();
    }

    @Test
    void aReplayAfterAnErasureAnswersTheTombstoneNotTheProfile() {
        String key = UUID.randomUUID().toString();
        String name = unique("Åsa Öberg");
        String customer = id(create(http, key, name).expectStatus().isOk());

        http.post().uri("/v1/customers/{id}:erase", customer).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk();

        byte[] replayed = create(http, key, name).expectStatus().isOk()
                .expectHeader().valueEquals(REPLAYED, "true")
                .expectBody()
                .jsonPath("$.id").isEqualTo(customer)
                .jsonPath("$.state").isEqualTo("CUSTOMER_STATE_ERASED")
                .jsonPath("$.displayName").isEqualTo("")
                .returnResult().getResponseBody();
        assertThat(new String(replayed, StandardCharsets.UTF_8)).doesNotContain("Åsa");
        assertThat(created(name)).as("not created again").isEqualTo(1);
    }

    @Test
    void theErasureReportListsTheGatewaysPart() {
        String customer = id(create(http, UUID.randomUUID().toString(), unique("Ann")).expectStatus().isOk());
        http.post().uri("/v1/customers/{id}:erase", customer).header(KEY, UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.parts.length()").isEqualTo(4)
                .jsonPath("$.parts[0].service").isEqualTo("customer-service")
                .jsonPath("$.parts[3].service").isEqualTo("gateway")
                .jsonPath("$.parts[3].state").isEqualTo("ERASURE_PART_STATE_COMPLETED")
                .jsonPath("$.parts[3].completeTime").isEqualTo("2026-01-02T00:00:00Z");
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
        return IdempotencyRecords.collection(database);
    }

    /** A record as gateways before this one kept it: the key in clear and the whole response (null in flight). */
    private static Document legacyRecord(String key, String displayName) {
        Document response = displayName == null ? null : new Document("status", 200)
                .append("contentType", "application/json").append("etag", null)
                .append("body", new Binary(("{\"displayName\":\"" + displayName + "\"}").getBytes(StandardCharsets.UTF_8)));
        return new Document("_id", UUID.randomUUID().toString()).append("tenant", TENANT).append("key", key)
                .append("claim", UUID.randomUUID().toString()).append("fingerprint", "f")
                .append("createTime", new Date()).append("expireTime", Date.from(Instant.now().plusSeconds(3600)))
                .append("response", response);
    }

    private static CreateCustomerRequest lastCreate() {
        return (CreateCustomerRequest) FakeBackends.LAST_REQUEST.get();
    }

    private static String id(WebTestClient.ResponseSpec created) {
        byte[] body = created.expectBody().returnResult().getResponseBody();
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject().get("id").getAsString();
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

    private static int created(String name) {
        AtomicInteger count = FakeBackends.CREATED_CUSTOMERS.get(name);
        return count == null ? 0 : count.get();
    }
}
