package io.exceed.defaults.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;

class GracefulDrainTest {

    @Test
    void shutdownReportsNotServingWhileTheServerStillAnswers() throws IOException, InterruptedException {
        HealthStatusManager health = new HealthStatusManager();
        Server server = ServerBuilder.forPort(0).addService(health.getHealthService()).build().start();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub probe = HealthGrpc.newBlockingStub(channel);
            assertThat(check(probe, "")).isEqualTo(ServingStatus.SERVING);
            GracefulDrain drain = new GracefulDrain(health, Duration.ZERO);
            health.setStatus("", ServingStatus.NOT_SERVING);
            assertThat(check(probe, GracefulDrain.LIVENESS_SERVICE)).as("alive while not ready")
                    .isEqualTo(ServingStatus.SERVING);
            health.setStatus("", ServingStatus.SERVING);

            drain.reportNotServing();

            assertThat(check(probe, "")).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(check(probe, GracefulDrain.LIVENESS_SERVICE)).isEqualTo(ServingStatus.NOT_SERVING);
            health.setStatus("", ServingStatus.SERVING);
            assertThat(check(probe, "")).as("terminal: periodic health updates cannot undo it").isEqualTo(ServingStatus.NOT_SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ServingStatus check(HealthGrpc.HealthBlockingStub probe, String service) {
        return probe.withDeadlineAfter(5, TimeUnit.SECONDS).check(HealthCheckRequest.newBuilder().setService(service)
                .build()).getStatus();
    }
}
