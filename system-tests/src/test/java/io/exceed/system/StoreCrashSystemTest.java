package io.exceed.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.launcher.JarApplication;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

/**
 * A crash of a service on its own embedded store loses no acknowledged write: customer-service, started from its jar
 * on a fresh data directory (no MONGODB_URI, unlike the other system tests), is killed with SIGKILL while clients
 * create customers, started again on the same directory, and must return every customer it acknowledged.
 */
class StoreCrashSystemTest {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration WRITING_BEFORE_THE_KILL = Duration.ofSeconds(4);
    private static final int WRITERS = 4;
    /** Bounds the writes should the service be much faster than expected. */
    private static final int MAX_CUSTOMERS = 20_000;
    private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id",
            Metadata.ASCII_STRING_MARSHALLER);

    @Test
    void everyAcknowledgedCustomerSurvivesASigkill() throws Exception {
        Path run = Path.of("target", "system-tests", Instant.now().toString().replace(':', '-') + "-store-crash")
                .toAbsolutePath();
        Path root = Path.of("").toAbsolutePath().getParent();
        JarApplication customers = new JarApplication(root, "customer-service", "customer-service",
                run.resolve("logs")).jvmOption("-XX:TieredStopAtLevel=1").jvmOption("-Xss512k");
        customers.env("GRPC_PORT", Integer.toString(customers.port()))
                .env("MANAGEMENT_PORT", Integer.toString(customers.managementPort()))
                // Its own embedded store, even where the suite runs against MongoDB.
                .env("MONGODB_URI", "")
                .env("EXCEED_DATA_DIR", Files.createDirectories(run.resolve("data")).toString())
                .env("EXCEED_LOG_FORMAT", "")
                // Nothing listens there: the writes under test call no other service.
                .env("FEEDBACK_SERVICE_TARGET", "localhost:" + JarApplication.freePort())
                .env("FOLLOWUP_SERVICE_TARGET", "localhost:" + JarApplication.freePort());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", customers.port()).usePlaintext().build();
        try {
            customers.start();
            customers.awaitReady(READY_WITHIN);
            Queue<String> acknowledged = writeUntilKilled(channel, customers);
            assertThat(acknowledged).as("customers acknowledged before the kill").hasSizeGreaterThan(50);

            customers.start();
            customers.awaitReady(READY_WITHIN);
            // The channel saw its server die and waits out a reconnect backoff (which can outlast the restart) before
            // it tries again; until then a call fails at once with the refused connection. Reconnect now, and let
            // the reads wait for the connection rather than fail on it.
            channel.resetConnectBackoff();
            List<String> lost = new ArrayList<>();
            for (String id : acknowledged) {
                try {
                    stub(channel).withWaitForReady()
                            .getCustomer(GetCustomerRequest.newBuilder().setCustomerId(id).build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                    lost.add(id);
                }
            }
            assertThat(lost.size()).as("acknowledged customers lost in the crash, of %d (the first: %s)",
                    acknowledged.size(), lost.stream().limit(3).toList()).isZero();
            System.out.printf("StoreCrashSystemTest: all %d customers acknowledged before the kill were found%n",
                    acknowledged.size());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            customers.stop();
        }
    }

    /** Creates customers from several callers, kills the service while they do, and returns the ids it answered. */
    private static Queue<String> writeUntilKilled(ManagedChannel channel, JarApplication customers)
            throws InterruptedException {
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int writer = 0; writer < WRITERS; writer++) {
            writers.execute(() -> {
                while (!killed.get() && acknowledged.size() < MAX_CUSTOMERS) {
                    try {
                        acknowledged.add(stub(channel).createCustomer(CreateCustomerRequest.newBuilder()
                                .setCustomer(Customer.newBuilder().setDisplayName("Krasch Kristina 王"))
                                .build()).getId());
                    } catch (StatusRuntimeException e) {
                        // Only the calls in flight at the kill fail; they were never acknowledged.
                    }
                }
            });
        }
        Thread.sleep(WRITING_BEFORE_THE_KILL.toMillis());
        customers.kill();
        killed.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).as("writers stopped").isTrue();
        return acknowledged;
    }

    /** A stub per call: its deadline counts from here. */
    private static CustomerServiceBlockingStub stub(ManagedChannel channel) {
        Metadata tenant = new Metadata();
        tenant.put(TENANT, "crash");
        return CustomerServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
