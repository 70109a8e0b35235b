package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

/**
 * Every request has an id (the caller's when sane) on its response and in the backend's metadata, continues
 * the caller's W3C trace towards the backend, and leaves one access log line without secrets or raw paths.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayRequestTraceTest extends GatewayTestBase {

    private static final String REQUEST_ID = "X-Request-Id";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @Test
    void aSaneRequestIdIsKeptAndReachesTheBackend() {
        http.get().uri("/v1/customers/c-1").header(REQUEST_ID, "req-42_a.b:c")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(REQUEST_ID, "req-42_a.b:c");
        assertThat(FakeBackends.LAST_METADATA.get().get(FakeBackends.REQUEST_ID)).isEqualTo("req-42_a.b:c");
    }

    @Test
    void anInsaneRequestIdIsReplaced() {
        for (String insane : new String[] {"x".repeat(129), "has space", "quote\"d", "semi;colon", "ünï"}) {
            String returned = http.get().uri("/v1/customers/c-1").header(REQUEST_ID, insane)
                    .exchange()
                    .expectStatus().isOk()
                    .returnResult(String.class).getResponseHeaders().getFirst(REQUEST_ID);
            assertThat(returned).as("for %s", insane).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(FakeBackends.LAST_METADATA.get().get(FakeBackends.REQUEST_ID)).isEqualTo(returned);
        }
    }

    @Test
    void problemsAndUnknownPathsCarryARequestIdToo() {
        anonymous.get().uri("/v1/customers/c-1").header(REQUEST_ID, "denied-1").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(REQUEST_ID, "denied-1");
        http.get().uri("/v1/nowhere").exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists(REQUEST_ID);
        anonymous.get().uri("/not-an-api").exchange()
                .expectStatus().isNotFound()
                .expectHeader().exists(REQUEST_ID);
        // A backend that is down: the 503 problem keeps the id as well.
        http.get().uri("/v1/complaints/x").header(REQUEST_ID, "down-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(REQUEST_ID, "down-1");
    }

    @Test
    void theCallersTraceContinuesToTheBackend() {
        http.get().uri("/v1/customers/c-1").header("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
                .exchange()
                .expectStatus().isOk();
        String sent = FakeBackends.LAST_METADATA.get().get(FakeBackends.TRACEPARENT);
        assertThat(sent).as("the backend's traceparent").isNotNull();
        String[] parts = sent.split("-");
        assertThat(parts[1]).as("same trace").isEqualTo(TRACE_ID);
        assertThat(parts[2]).as("a span of the gateway, not the caller's").isNotEqualTo(PARENT_SPAN_ID).hasSize(16);
    }

    @Test
    void aCallWithoutTraceContextStartsATrace() {
        http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        String sent = FakeBackends.LAST_METADATA.get().get(FakeBackends.TRACEPARENT);
        assertThat(sent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(sent).doesNotContain("00000000000000000000000000000000");
    }

    @Test
    void theAccessLogHasRouteTenantStatusAndIdButNoSecretsOrPersonalData(CapturedOutput output) {
        String key = issue("umbrella", "customers:read").get("key").getAsString();
        withKey(key).get().uri("/v1/customers/c-personal-77?view=FULL")
                .header(REQUEST_ID, "log-check-1")
                .exchange()
                .expectStatus().isBadRequest(); // view is no field of GetCustomer; the line is written all the same
        withKey(key).get().uri("/v1/customers/c-personal-78").header(REQUEST_ID, "log-check-2")
                .exchange()
                .expectStatus().isOk();
        anonymous.get().uri("/v1/customers/c-personal-79").header(HttpHeaders.AUTHORIZATION, "Bearer " + key + "x")
                .header(REQUEST_ID, "log-check-3")
                .exchange()
                .expectStatus().isUnauthorized();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
                .contains("GET /v1/customers/{customer_id} 400 ")
                .contains("GET /v1/customers/{customer_id} 200 ")
                .contains("tenant=umbrella request_id=log-check-2")
                .contains("GET /v1/customers/{customer_id} 401 ")
                .contains("tenant=- request_id=log-check-3"));
        assertThat(output.getAll())
                .doesNotContain(key.substring(4))
                .doesNotContain("c-personal-")
                .doesNotContain("FULL");
    }
}
