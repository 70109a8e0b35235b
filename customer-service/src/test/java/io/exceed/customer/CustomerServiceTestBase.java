package io.exceed.customer;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.defaults.tenancy.TenantInterceptor;
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
                // Tests relay, sweep and deliver explicitly, so a background run never races their figures.
                "exceed.customer.events.relay-interval=1h",
                "exceed.customer.events.playbooks.interval=1h",
                // Tests take followup-service down on purpose; a breaker opened by that would refuse the next test's calls.
                "exceed.clients.followup-service.breaker.minimum-calls=100000",
        })
public abstract class CustomerServiceTestBase extends GrpcServiceTest {

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) throws IOException {
        String target = FakePlaybooks.INSTANCE.target();
        registry.add("exceed.clients.followup-service.address", () -> target);
    }

    public static final Metadata.Key<String> TENANT = TenantInterceptor.TENANT_KEY;

    /** A CustomerService stub acting for {@code tenant}. */
    protected CustomerServiceBlockingStub as(String tenant) {
        return as(tenant, CustomerServiceGrpc.newBlockingStub(channel));
    }
}
