package io.exceed.gateway;

import io.exceed.gateway.idempotency.IdempotencyRecordPurge;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's remembered Idempotency-Keys are limited (here 3): a request with a new key beyond is refused and
 * changes nothing, while retries of its keys are still answered, requests without a key go on, and another tenant
 * keeps its own allowance.
 */
class GatewayIdempotencyLimitTest extends GatewayTestBase {

    @Autowired
    IdempotencyRecordPurge purge;

    @DynamicPropertySource
    static void fewRecords(DynamicPropertyRegistry registry) {
        registry.add("exceed.gateway.idempotency.max-records-per-tenant", () -> "3");
    }

    @Test
    void aTenantAtItsLimitIsRefusedANewKeyButItsRetriesAndUnkeyedRequestsGoOn() {
        WebTestClient tenant = withKey(issue("keyed-" + UUID.randomUUID().toString().substring(0, 8), "admin")
                .get("key").getAsString());
        String first = UUID.randomUUID().toString();
        create(tenant, first).expectStatus().isOk();
        create(tenant, UUID.randomUUID().toString()).expectStatus().isOk();
        create(tenant, UUID.randomUUID().toString()).expectStatus().isOk();
        FakeBackends.LAST_REQUEST.set(null);

        create(tenant, UUID.randomUUID().toString()).expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "60")
                .expectBody()
                .jsonPath("$.code").isEqualTo("IDEMPOTENCY_RECORDS_LIMIT")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("3 Idempotency-Keys"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing was sent").isNull();

        // Counted again, in the store, by the purge run.
        purge.purge();
        create(tenant, UUID.randomUUID().toString()).expectStatus().isEqualTo(429);

        create(tenant, first).expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true");
        tenant.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Unkeyed\"}").exchange().expectStatus().isOk();
        create(http, UUID.randomUUID().toString()).expectStatus().isOk();
    }

    private static WebTestClient.ResponseSpec create(WebTestClient client, String key) {
        return client.post().uri("/v1/customers").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"displayName\": \"Keyed\"}").exchange();
    }
}
