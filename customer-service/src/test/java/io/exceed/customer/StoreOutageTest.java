package io.exceed.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.defaults.lifecycle.GracefulDrain;
import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;

/**
 * When the store goes away, a replica must leave rotation (gRPC health NOT_SERVING) and answer
 * UNAVAILABLE, yet stay alive: restarting every replica would not bring MongoDB back.
 */
class StoreOutageTest {

    @Test
    void lostStoreMakesTheReplicaNotServingButAlive(@TempDir Path dataDir) throws Exception {
        AtomicInteger grpcPort = new AtomicInteger();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CustomerServiceApplication.class)
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> grpcPort.set(event.getPort()))
                .run("--spring.grpc.server.port=0", "--server.port=0", "--exceed.storage.data-dir=" + dataDir,
                        "--exceed.storage.database=outage-test",
                        "--spring.grpc.server.health.actuator.update-rate=200ms",
                        "--spring.grpc.server.shutdown-grace-period=1s")) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort.get()).usePlaintext().build();
            String httpPort = context.getEnvironment().getProperty("local.server.port");
            try {
                assertThat(awaitHealth(channel, ServingStatus.SERVING)).isEqualTo(ServingStatus.SERVING);
                assertThat(scrape(httpPort)).as("the store up, and an empty outbox, each exported from the start")
                        .contains("exceed_store_up{application=\"customer-service\"} 1.0",
                                "exceed_outbox_backlog{application=\"customer-service\",feed=\"customer_events\"} 0.0",
                                "exceed_outbox_oldest_age_seconds{application=\"customer-service\",feed=\"customer_events\"} 0.0");

                context.getBean(EmbeddedMongoServer.class).close();

                assertThat(awaitHealth(channel, ServingStatus.NOT_SERVING)).isEqualTo(ServingStatus.NOT_SERVING);
                assertThat(scrape(httpPort)).as("for the alert ExceedStoreDown")
                        .contains("exceed_store_up{application=\"customer-service\"} 0.0");
                Metadata headers = new Metadata();
                headers.put(CustomerServiceTestBase.TENANT, "outage-tenant");
                assertThatThrownBy(() -> CustomerServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getCustomer(GetCustomerRequest.newBuilder().setCustomerId("any").build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));

                assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(GracefulDrain.LIVENESS_SERVICE).build())
                        .getStatus()).as("liveness, which Kubernetes restarts on").isEqualTo(ServingStatus.SERVING);
                HttpResponse<String> liveness = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/liveness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(liveness.statusCode()).isEqualTo(200);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String scrape(String httpPort) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static ServingStatus awaitHealth(ManagedChannel channel, ServingStatus wanted) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus(),
                status -> status == wanted);
    }
}
