package io.exceed.followup;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.testing.GrpcServiceTest;

/**
 * Starts followup-service on random ports with its own fresh store (embedded, or MongoDB when MONGODB_URI
 * is set) and talks to it through generated stubs over a real socket. Each test uses fresh tenants, so
 * tests never see each other's data.
 */
@SpringBootTest(classes = FollowUpServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.grpc.server.port=0",
                "exceed.storage.database=followup-test-${random.uuid}",
                "exceed.storage.data-dir=target/test-data",
                // Crash durability is proven by EmbeddedMongoServerTest and StoreCrashSystemTest; committing every
                // write here would only make these tests several times slower.
                "exceed.storage.durability=deferred",
                // Tests run the scheduler themselves, at the instants they choose.
                "exceed.followup.scheduler.poll-interval=1h",
                "exceed.followup.webhooks.dispatch.poll-interval=1h",
                // A fixed key for tests only; WireMock listens on loopback over plain http.
                "exceed.followup.webhooks.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "exceed.followup.webhooks.allow-http=true",
                "exceed.followup.webhooks.allowed-hosts=127.0.0.1",
                "exceed.followup.webhooks.attempt-timeout=1s",
                "exceed.followup.webhooks.breaker.wait-in-open=1s",
                // Tests take customer-service down on purpose; a breaker opened by that would refuse the next test's calls.
                "exceed.clients.customer-service.breaker.minimum-calls=100000",
                "exceed.clients.customer-service.retry.initial-backoff=10ms",
        })
public abstract class FollowUpServiceTestBase extends GrpcServiceTest {

    @DynamicPropertySource
    static void customers(DynamicPropertyRegistry registry) throws IOException {
        String target = FakeCustomers.INSTANCE.target();
        registry.add("exceed.clients.customer-service.address", () -> target);
    }
}
