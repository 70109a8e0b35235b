package io.exceed.customer;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

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
        })
@Import(CustomerServiceTestBase.TestSupport.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CustomerServiceTestBase {

    public static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);

    @Autowired
    protected MutableClock clock;

    @Autowired
    private GrpcPort grpcPort;

    protected ManagedChannel channel;

    @BeforeAll
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort.value).usePlaintext().build();
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
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A stub acting for {@code tenant}, with a deadline as every real caller has. */
    protected CustomerServiceBlockingStub as(String tenant) {
        Metadata headers = new Metadata();
        headers.put(TENANT, tenant);
        return CustomerServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    protected int grpcPort() {
        return grpcPort.value;
    }

    /** The port the gRPC server bound, learned from its start event. */
    static final class GrpcPort {
        volatile int value;

        @EventListener
        void on(GrpcServerStartedEvent event) {
            value = event.getPort();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestSupport {
        @Bean
        MutableClock clock() {
            return new MutableClock();
        }

        @Bean
        GrpcPort grpcPort() {
            return new GrpcPort();
        }
    }
}
