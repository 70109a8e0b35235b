package io.exceed.testing;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.AbstractStub;

/**
 * What every service's test base shares: a channel to the service's gRPC port over a real socket, the
 * settable clock reset after each test, and stubs acting for a tenant. A service's base adds its
 * {@code @SpringBootTest}; test classes add no configuration, so they all share one Spring context.
 */
@Import(ServiceTestConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GrpcServiceTest {

    @Autowired
    protected MutableClock clock;

    @Autowired
    private ServiceTestConfiguration.GrpcServerPort grpcPort;

    /** The commands the service has sent to its store. */
    @Autowired
    protected StoreCommands storeCommands;

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

    protected int grpcPort() {
        return grpcPort.value();
    }

    /** {@code stub} acting for {@code tenant}, with a deadline as every real caller has. */
    protected static <S extends AbstractStub<S>> S as(String tenant, S stub) {
        return stub.withInterceptors(Tenants.actingFor(tenant)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
