package io.exceed.gateway;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway on a random port in front of {@link FakeBackends}; every test class shares one context. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayTestBase {

    @LocalServerPort
    int port;

    WebTestClient http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.start();
        registry.add("exceed.gateway.backends.customer-service", FakeBackends::customerTarget);
        registry.add("exceed.gateway.backends.followup-service", FakeBackends::followUpTarget);
        registry.add("exceed.gateway.backends.feedback-service", FakeBackends::deadTarget);
        registry.add("exceed.gateway.deadline", () -> "1s");
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        FakeBackends.LAST_REQUEST.set(null);
    }
}
