package io.exceed.feedback;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import io.exceed.testing.MutableClock;
import io.exceed.testing.ServiceTestConfiguration;
import io.exceed.testing.Tenants;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.AbstractStub;

/**
 * Starts feedback-service on random ports with its own fresh store (embedded, or MongoDB when
 * MONGODB_URI is set) and talks to it through generated stubs over a real socket. Each test uses fresh
 * tenants, so tests never see each other's data. Test classes add no configuration of their own, so
 * they all share one Spring context.
 */
@SpringBootTest(classes = FeedbackServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.grpc.server.port=0",
                "exceed.storage.database=feedback-test-${random.uuid}",
                "exceed.storage.data-dir=target/test-data",
                // Tests relay explicitly (MongoEventFeed.relayOnce), so a background run never races their figures.
                "exceed.feedback.events.relay-interval=1h",
        })
@Import(ServiceTestConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class FeedbackServiceTestBase {

    @Autowired
    protected MutableClock clock;

    @Autowired
    private ServiceTestConfiguration.GrpcServerPort grpcPort;

    protected ManagedChannel channel;

    @BeforeAll
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort.value()).usePlaintext().build();
    }

    @AfterAll
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A tenant no other test uses. */
    protected static String newTenant() {
        return Tenants.newTenant();
    }

    /** {@code stub} acting for {@code tenant}, with a deadline as every real caller has. */
    protected static <S extends AbstractStub<S>> S as(String tenant, S stub) {
        return stub.withInterceptors(Tenants.actingFor(tenant)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
