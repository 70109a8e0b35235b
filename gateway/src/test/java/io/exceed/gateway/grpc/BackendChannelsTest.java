package io.exceed.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import reactor.netty.http.HttpResources;

/**
 * A call started on one of the web server's event loops goes over that loop's channel, and its reply comes back on
 * the same thread: no hand-over between threads. Against a real gRPC server on a loopback port.
 */
class BackendChannelsTest {

    private Server backend;
    private BackendChannels channels;

    @BeforeEach
    void start() throws Exception {
        backend = NettyServerBuilder.forPort(0).addService(new SurveyServiceGrpc.SurveyServiceImplBase() {
            @Override
            public void getSurvey(GetSurveyRequest request, StreamObserver<Survey> observer) {
                observer.onNext(Survey.newBuilder().setId(request.getSurveyId()).build());
                observer.onCompleted();
            }
        }).build().start();
        channels = new BackendChannels(Map.of("feedback-service", "localhost:" + backend.getPort()),
                Set.of("feedback-service"), BackendChannels.PLAIN, HttpResources.get());
    }

    @AfterEach
    void stop() throws InterruptedException {
        channels.close();
        backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallStartedOnALoopIsAnsweredOnThatLoopOverItsOwnChannel() throws Exception {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : HttpResources.get().onServer(true)) {
            loops.add((EventLoop) executor);
        }
        Set<ManagedChannel> used = new HashSet<>();
        for (EventLoop loop : loops) {
            CompletableFuture<Thread> starter = new CompletableFuture<>();
            CompletableFuture<Thread> answerer = new CompletableFuture<>();
            loop.execute(() -> {
                starter.complete(Thread.currentThread());
                ManagedChannel channel = channels.channel("feedback-service");
                used.add(channel);
                SurveyServiceGrpc.newStub(channel).getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s").build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(Survey survey) {
                                answerer.complete(Thread.currentThread());
                            }

                            @Override
                            public void onError(Throwable failure) {
                                answerer.completeExceptionally(failure);
                            }

                            @Override
                            public void onCompleted() {
                            }
                        });
            });
            assertThat(answerer.get(10, TimeUnit.SECONDS)).isSameAs(starter.get(10, TimeUnit.SECONDS));
        }
        assertThat(used).as("one channel per loop").hasSize(loops.size());
    }

    @Test
    void aCallFromOffTheLoopsTakesAnyOfTheBackendsChannels() {
        Survey survey = SurveyServiceGrpc.newBlockingStub(channels.channel("feedback-service"))
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("off-loop").build());

        assertThat(survey.getId()).isEqualTo("off-loop");
    }
}
