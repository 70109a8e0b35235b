package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.quietHours;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ListContactLogEntriesRequest;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.exceed.customer.v1.VerifyContactLogResponse;
import io.exceed.common.v1.ContactPurpose;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Data survives a restart: the service is started, written to, stopped and started again on the same
 * data directory (or the same MongoDB database when MONGODB_URI is set).
 */
class RestartDurabilityTest {

    @TempDir
    Path dataDir;

    private record Running(ConfigurableApplicationContext context, int port) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    private Running start() {
        AtomicInteger port = new AtomicInteger();
        // Passed as command-line arguments: SpringApplicationBuilder.properties(...) are default properties,
        // which rank below application.yaml (fixed ports 9101/8101) and the service defaults (./data).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustomerServiceApplication.class)
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> port.set(event.getPort()))
                .run("--spring.grpc.server.port=0", "--server.port=0",
                        "--exceed.storage.data-dir=" + dataDir, "--exceed.storage.database=restart-test",
                        "--spring.grpc.server.shutdown-grace-period=1s");
        assertThat(port.get()).as("gRPC port learned from GrpcServerStartedEvent").isPositive().isNotEqualTo(9101);
        assertThat(context.getEnvironment().getProperty("exceed.storage.data-dir")).isEqualTo(dataDir.toString());
        return new Running(context, port.get());
    }

    private static <T> T call(int port, String tenant, java.util.function.Function<CustomerServiceBlockingStub, T> body)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(CustomerServiceTestBase.TENANT, tenant);
            CustomerServiceBlockingStub stub = CustomerServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(20, TimeUnit.SECONDS);
            return body.apply(stub);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void customersTimelineAndContactLogSurviveARestart() throws Exception {
        String tenant = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Customer created;
        ContactLogEntry logged;
        try (Running first = start()) {
            created = call(first.port(), tenant, stub -> stub.createCustomer(CreateCustomerRequest.newBuilder()
                    .setCustomer(person("Åsa Öberg").addPhones("+46 70 123 45 67")
                            .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)
                                    // The real clock runs here: no quiet hours, so any time of day works.
                                    .setQuietHours(quietHours(0, 0))))
                    .build()));
            call(first.port(), tenant, stub -> stub.createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                    .setCustomerId(created.getId()).setEvent(note("服务很好，谢谢！")).build()));
            ReserveContactResponse grant = call(first.port(), tenant, stub -> stub.reserveContact(
                    ReserveContactRequest.newBuilder().setCustomerId(created.getId())
                            .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                            .setPurpose(ContactPurpose.CONTACT_PURPOSE_CHECK_IN)
                            .setActor("restart-test").build()));
            logged = grant.getLogEntry();
            assertThat(logged.getSequence()).isEqualTo(1);
        }

        try (Running second = start()) {
            Customer fetched = call(second.port(), tenant, stub -> stub.getCustomer(
                    GetCustomerRequest.newBuilder().setCustomerId(created.getId()).build()));
            assertThat(fetched).isEqualTo(created);

            java.util.List<io.exceed.customer.v1.TimelineEvent> events = call(second.port(), tenant,
                    stub -> stub.listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                            .setCustomerId(created.getId()).build()).getEventsList());
            assertThat(events).extracting(e -> e.getNote().getText()).containsExactly("服务很好，谢谢！");
            java.util.List<ContactLogEntry> log = call(second.port(), tenant, stub -> stub.listContactLogEntries(
                    ListContactLogEntriesRequest.getDefaultInstance()).getEntriesList());
            assertThat(log).containsExactly(logged);
            VerifyContactLogResponse verify = call(second.port(), tenant,
                    stub -> stub.verifyContactLog(VerifyContactLogRequest.getDefaultInstance()));
            assertThat(verify.getIntact()).isTrue();
            assertThat(verify.getEntriesChecked()).isEqualTo(1);
            assertThat(verify.getHeadHash()).isEqualTo(logged.getHash());

            // The log continues where it left off.
            ReserveContactResponse next = call(second.port(), tenant, stub -> stub.reserveContact(
                    ReserveContactRequest.newBuilder().setCustomerId(created.getId())
                            .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                            .setPurpose(ContactPurpose.CONTACT_PURPOSE_CHECK_IN)
                            .setActor("restart-test").build()));
            assertThat(next.getLogEntry().getSequence()).isEqualTo(2);
            assertThat(next.getLogEntry().getPreviousHash()).isEqualTo(logged.getHash());
        }
    }
}
