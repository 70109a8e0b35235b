package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.defaults.client.ServiceClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * customer-service goes down and comes back on the same port: the gateway's breaker for it opens, callers get a
 * fast 503 with Retry-After while it is open, and it closes again once trial calls succeed.
 */
class GatewayBackendBreakerTest extends GatewayTestBase {

    @Autowired
    private ServiceClients clients;

    @DynamicPropertySource
    static void smallBreaker(DynamicPropertyRegistry registry) {
        registry.add("exceed.clients.customer-service.breaker.minimum-calls", () -> "2");
        registry.add("exceed.clients.customer-service.breaker.sliding-window-calls", () -> "2");
        registry.add("exceed.clients.customer-service.breaker.open-for", () -> "3s");
        registry.add("exceed.clients.customer-service.breaker.half-open-calls", () -> "1");
        registry.add("exceed.clients.customer-service.retry.max-attempts", () -> "1");
    }

    /** Whatever happened here, the other test classes need customer-service back. */
    @AfterEach
    void customerServiceBack() throws IOException {
        FakeBackends.restartCustomers();
    }

    @Test
    void aBackendThatIsDownOpensItsBreakerAndCallersGetAFast503UntilItIsBack() throws Exception {
        http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
        FakeBackends.stopCustomers();

        for (int i = 0; i < 2; i++) {
            http.get().uri("/v1/customers/c-1").exchange().expectStatus().isEqualTo(503);
        }
        CircuitBreaker breaker = clients.breaker("customer-service");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        FakeBackends.restartCustomers();
        FakeBackends.LAST_REQUEST.set(null);
        http.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "3");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("an open breaker keeps the call off the network").isNull();

        await("the breaker closes after a good trial call").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    http.get().uri("/v1/customers/c-1").exchange().expectStatus().isOk();
                    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                });
    }
}
