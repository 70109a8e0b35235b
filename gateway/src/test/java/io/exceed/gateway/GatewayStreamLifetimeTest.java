package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

/**
 * A watch the partner never closes ends after the streams' lifetime (here 1 s) with UNAVAILABLE, telling it to
 * resume, and frees its tenant's share (here one stream), so the resumed watch is let in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-lifetime-test-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayStreamLifetimeTest.OPERATOR_TOKEN,
        "exceed.gateway.tenant-shares.streams-per-tenant=1",
        "exceed.gateway.tenant-shares.stream-lifetime=1s"})
class GatewayStreamLifetimeTest {

    static final String OPERATOR_TOKEN = "operator-token-for-lifetime-tests";

    @LocalServerPort
    int httpPort;

    @Autowired
    PartnerGrpcServer grpcServer;

    ManagedChannel channel;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws java.io.IOException {
        String feedback = PartnerFeedbackBackend.start();
        FakeBackends.register(registry, () -> feedback);
    }

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("localhost", grpcServer.port()).usePlaintext().build();
        PartnerFeedbackBackend.reset();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aWatchEndsAfterItsLifetimeAskingToResumeAndItsShareIsFreeAgain() {
        String key = GatewayKeys.issue(httpPort, OPERATOR_TOKEN, "watcher", "admin");
        for (int watch = 0; watch < 2; watch++) {
            Iterator<FeedbackEvent> events = FeedbackEventServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(GatewayKeys.bearer(key)).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder()
                            .setAfterSequence(PartnerFeedbackBackend.HELD_OPEN).build());
            assertThat(events.next().getSequence()).as("watch %d is let in", watch)
                    .isEqualTo(PartnerFeedbackBackend.HELD_OPEN + 1);
            long opened = System.nanoTime();
            StatusRuntimeException ended = assertThrows(StatusRuntimeException.class, events::next);
            assertThat(ended.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(ended.getStatus().getDescription()).contains("PT1S").contains("resume")
                    .contains("after_sequence");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened)).as("ended by its lifetime")
                    .isLessThan(20_000);
        }
    }
}
