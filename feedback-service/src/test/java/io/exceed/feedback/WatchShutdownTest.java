package io.exceed.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.exceed.testing.Tenants;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;

/** A shutting-down replica ends its watches cleanly, so callers resume elsewhere instead of hanging. */
class WatchShutdownTest {

    @Test
    void shutdownCompletesOpenWatches(@TempDir Path dataDir) throws Exception {
        AtomicInteger port = new AtomicInteger();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(FeedbackServiceApplication.class)
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> port.set(event.getPort()))
                .run("--spring.grpc.server.port=0", "--server.port=0", "--exceed.storage.data-dir=" + dataDir,
                        // runs alone: no customer-service to confirm the complaint's customer
                        "--exceed.customer-directory.enabled=false");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext().build();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CompletableFuture<FeedbackEvent> first = new CompletableFuture<>();
        try {
            // An event on the stream proves the watch is open on the server before the shutdown begins.
            ComplaintServiceGrpc.newBlockingStub(channel).withInterceptors(Tenants.actingFor("acme"))
                    .withDeadlineAfter(20, TimeUnit.SECONDS).createComplaint(CreateComplaintRequest.newBuilder()
                            .setComplaint(ComplaintFixtures.complaint("c-1")).build());
            context.getBean(MongoEventFeed.class).relayOnce();
            FeedbackEventServiceGrpc.newStub(channel).withInterceptors(Tenants.actingFor("acme"))
                    .watchFeedbackEvents(WatchFeedbackEventsRequest.getDefaultInstance(), new StreamObserver<>() {
                        @Override
                        public void onNext(FeedbackEvent event) {
                            first.complete(event);
                        }

                        @Override
                        public void onError(Throwable error) {
                            outcome.complete("error: " + error);
                        }

                        @Override
                        public void onCompleted() {
                            outcome.complete("completed");
                        }
                    });
            assertThat(first.get(10, TimeUnit.SECONDS).getSequence()).isEqualTo(1);
            assertThat(outcome).as("the watch is open").isNotDone();
            context.close();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("completed");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            context.close();
        }
    }
}
