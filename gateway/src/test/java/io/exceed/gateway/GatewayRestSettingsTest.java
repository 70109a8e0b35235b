package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.idempotency.IdempotencyRecordStore;

/** The REST settings take effect: If-Match optional, smaller limits, another TTL, a fast purge and heartbeat. */
@TestPropertySource(properties = {
        "exceed.gateway.require-if-match=false",
        "exceed.gateway.max-body-size=1KB",
        "exceed.gateway.max-json-depth=4",
        "exceed.gateway.idempotency.ttl=1h",
        "exceed.gateway.idempotency.purge-interval=100ms",
        "exceed.gateway.event-stream-heartbeat=100ms"})
class GatewayRestSettingsTest extends GatewayTestBase {

    @Autowired
    MongoDatabase database;

    @Autowired
    IdempotencyRecordStore store;

    @Test
    void withIfMatchOptionalAPatchNeedsNoRevision() {
        http.patch().uri("/v1/webhookEndpoints/we-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"https://crm.example.com/hooks\"}")
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void theLimitsAreTheConfiguredOnes() {
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"" + "a".repeat(1024) + "\"}")
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("1024 bytes"));
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customer\": {\"tags\": [[[[\"x\"]]]]}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("JSON_TOO_DEEP")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("limit of 4 levels"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void recordsLiveForTheConfiguredTtlAndExpiredOnesArePurgedOnSchedule() throws InterruptedException {
        String key = UUID.randomUUID().toString();
        http.post().uri("/v1/customers").header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\"}").exchange()
                .expectStatus().isOk();
        Document record = IdempotencyRecords.find(database, TENANT, key);
        assertThat(record).isNotNull();
        assertThat(Duration.between(record.getDate("createTime").toInstant(), record.getDate("expireTime").toInstant()))
                .isEqualTo(Duration.ofHours(1));

        TenantId tenant = new TenantId("purge-" + UUID.randomUUID().toString().substring(0, 8));
        Instant past = Instant.now().minus(Duration.ofHours(2));
        store.tryInsert(tenant, "old", "f", past, past, past.plus(Duration.ofHours(1)));
        await("purged by the scheduled run").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.find(tenant, "old").isEmpty());
        assertThat(IdempotencyRecords.find(database, TENANT, key)).as("a live record stays").isNotNull();
    }

    @Test
    void aQuietStreamSendsKeepAliveComments() {
        FakeBackends.WATCH_CANCELLED = new CountDownLatch(1);
        List<ServerSentEvent<String>> received = http.get().uri("/v1/followUpEvents:watch?after_sequence=3000")
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).getResponseBody()
                // Keep-alives may come before the event, too; those after it show the stream stays alive.
                .skipUntil(event -> "3001".equals(event.id()))
                .take(3)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(received).isNotNull();
        assertThat(received.getFirst().id()).isEqualTo("3001");
        assertThat(received.subList(1, 3)).allSatisfy(event -> {
            assertThat(event.data()).isNull();
            assertThat(event.comment()).isEqualTo("keep-alive");
        });
    }
}
