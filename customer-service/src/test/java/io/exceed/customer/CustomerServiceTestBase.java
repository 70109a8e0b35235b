package io.exceed.customer;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.defaults.tenancy.TenantHeader;
import io.exceed.testing.GrpcServiceTest;
import io.grpc.Metadata;

/**
 * Starts customer-service on random ports with its own fresh store (embedded, or MongoDB when
 * MONGODB_URI is set) and talks to it through generated stubs over a real socket. Each test uses fresh
 * tenants, so tests never see each other's data.
 */
@SpringBootTest(classes = CustomerServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.grpc.server.port=0",
                "exceed.storage.database=customer-test-${random.uuid}",
                "exceed.storage.data-dir=target/test-data",
                // Crash durability is proven by EmbeddedMongoServerTest and StoreCrashSystemTest; committing every
                // write here would only make these tests several times slower.
                "exceed.storage.durability=deferred",
                // Tests relay, sweep and deliver explicitly, so a background run never races their figures.
                "exceed.customer.events.relay-interval=1h",
                "exceed.customer.events.playbooks.interval=1h",
                // Tests take feedback-service and followup-service down on purpose; a breaker opened by that would
                // refuse the next test's calls (the breaker test opens it itself).
                "exceed.clients.feedback-service.breaker.minimum-calls=100000",
                "exceed.clients.followup-service.breaker.minimum-calls=100000",
                // Shorter than a slow fake takes to answer (FakePeerBehaviour.SLOW_MILLIS).
                "exceed.clients.feedback-service.deadline=1s",
                "exceed.clients.followup-service.deadline=1s",
                "exceed.clients.feedback-service.retry.initial-backoff=10ms",
                "exceed.clients.followup-service.retry.initial-backoff=10ms",
                "exceed.customer.erasure.retry-interval=200ms",
                "exceed.customer.erasure.first-backoff=200ms",
        })
public abstract class CustomerServiceTestBase extends GrpcServiceTest {

    public static final Metadata.Key<String> TENANT = TenantHeader.KEY;

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) throws IOException {
        String feedback = FakeFeedback.INSTANCE.target();
        registry.add("exceed.clients.feedback-service.address", () -> feedback);
        String followUps = FakeFollowUps.INSTANCE.target();
        registry.add("exceed.clients.followup-service.address", () -> followUps);
    }

    /** A CustomerService stub acting for {@code tenant}. */
    protected CustomerServiceBlockingStub as(String tenant) {
        return as(tenant, CustomerServiceGrpc.newBlockingStub(channel));
    }
}
