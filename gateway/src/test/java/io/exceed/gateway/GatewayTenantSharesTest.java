package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.common.util.concurrent.ListenableFuture;

import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * Each tenant's share of a backend (here 3 unary calls at once, 2 of them analytics, and 12 open watches): the issue 19 attack, a key
 * holding watches open until feedback-service had no room for anyone, now takes only its own share, and a tenant
 * over its unary share gets a 429 while another tenant is served. Partners call the gateway's gRPC port; the
 * backend is a fake feedback-service on a real port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-shares-test-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.operator-token=" + GatewayTenantSharesTest.OPERATOR_TOKEN,
        "exceed.gateway.deadline=10s",
        "exceed.gateway.tenant-shares.unary-per-tenant=3",
        "exceed.gateway.tenant-shares.analytics-per-tenant=2",
        "exceed.gateway.tenant-shares.streams-per-tenant=12"})
class GatewayTenantSharesTest {

    static final String OPERATOR_TOKEN = "operator-token-for-share-tests";

    @LocalServerPort
    int httpPort;

    @Autowired
    PartnerGrpcServer grpcServer;

    ManagedChannel channel;
    WebTestClient rest;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws java.io.IOException {
        String feedback = PartnerFeedbackBackend.start();
        FakeBackends.register(registry, () -> feedback);
    }

    @BeforeEach
    void connect() {
        channel = NettyChannelBuilder.forAddress("localhost", grpcServer.port()).usePlaintext().build();
        rest = WebTestClient.bindToServer().baseUrl("http://localhost:" + httpPort)
                .responseTimeout(Duration.ofSeconds(30)).build();
        PartnerFeedbackBackend.reset();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aTenantsWatchesBeyondItsShareAreRefusedWhileOtherTenantsWatchAndCall() throws Exception {
        String hog = issue("hog", "admin");
        List<ClientCallStreamObserver<WatchFeedbackEventsRequest>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                CompletableFuture<ClientCallStreamObserver<WatchFeedbackEventsRequest>> watching = watch(hog);
                open.add(watching.get(10, TimeUnit.SECONDS));
            }
            assertThatThrownBy(() -> watch(hog).get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(refused.getStatus().getDescription()).contains("feedback-service")
                                .contains("at most 12 open streams (watches) per tenant").contains("retry after");
                    });

            watch(issue("calm", "admin")).get(10, TimeUnit.SECONDS).cancel("seen", null);
            assertThat(SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(hog))
                    .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()).getId())
                    .as("unary calls have their own share").isEqualTo("s-1");
        } finally {
            open.forEach(watch -> watch.cancel("test over", null));
        }
        await("the hog's watches closed and its share is free again").atMost(Duration.ofSeconds(10))
                .ignoreExceptions().until(() -> watch(hog).get(5, TimeUnit.SECONDS) != null);
    }

    @Test
    void aTenantsUnaryCallsBeyondItsShareAre429sWhileAnotherTenantIsServed() throws Exception {
        String hog = issue("hog-unary", "admin");
        List<ListenableFuture<io.exceed.feedback.v1.Survey>> slow = List.of(1, 2, 3).stream()
                .map(i -> SurveyServiceGrpc.newFutureStub(channel).withInterceptors(key(hog))
                        .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("slow").build())).toList();
        await("the slow calls reached the backend").atMost(Duration.ofSeconds(10))
                .until(() -> PartnerFeedbackBackend.SLOW_IN_FLIGHT.get() == 3);

        rest.get().uri("/v1/surveys/s-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + hog).exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody()
                .jsonPath("$.code").isEqualTo("TENANT_SHARE_EXCEEDED")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("feedback-service")
                        .contains("at most 3 calls at once per tenant"));
        rest.get().uri("/v1/surveys/s-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + issue("calm-unary", "admin"))
                .exchange().expectStatus().isOk();
        for (ListenableFuture<io.exceed.feedback.v1.Survey> call : slow) {
            assertThat(call.get(10, TimeUnit.SECONDS).getId()).isEqualTo("slow");
        }
    }

    @Test
    void aTenantHasAtMostTwoAnalyticsCallsAtOnceButItsOtherCallsGoOn() throws Exception {
        String analyst = issue("analyst", "admin");
        List<ListenableFuture<GetScoresResponse>> scoring = List.of(1, 2).stream()
                .map(i -> FeedbackAnalyticsServiceGrpc.newFutureStub(channel).withInterceptors(key(analyst))
                        .getScores(GetScoresRequest.getDefaultInstance())).toList();
        await("both analytics calls reached the backend").atMost(Duration.ofSeconds(10))
                .until(() -> PartnerFeedbackBackend.ANALYTICS_IN_FLIGHT.get() == 2);

        assertThatThrownBy(() -> FeedbackAnalyticsServiceGrpc.newBlockingStub(channel).withInterceptors(key(analyst))
                .getScores(GetScoresRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, refused -> {
                    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(refused.getStatus().getDescription())
                            .contains("at most 2 analytics calls at once per tenant");
                });
        assertThat(SurveyServiceGrpc.newBlockingStub(channel).withInterceptors(key(analyst))
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()).getId())
                .as("a read that is not analytics").isEqualTo("s-1");
        for (ListenableFuture<GetScoresResponse> call : scoring) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void callersThatNeverExceedTheShareAreNeverRefused() throws Exception {
        String steady = issue("steady", "admin");
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<Integer>>> statuses = new ArrayList<>();
            for (int caller = 0; caller < 3; caller++) {
                statuses.add(callers.submit(() -> java.util.stream.Stream.generate(() -> rest.get()
                        .uri("/v1/surveys/s-1").header(HttpHeaders.AUTHORIZATION, "Bearer " + steady).exchange()
                        .returnResult(String.class).getStatus().value()).limit(40).toList()));
            }
            for (java.util.concurrent.Future<List<Integer>> caller : statuses) {
                assertThat(caller.get(60, TimeUnit.SECONDS)).as("3 callers one call at a time, a share of 3")
                        .containsOnly(200);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** A held-open watch of the tenant's key; completes with the call once its first event arrived. */
    private CompletableFuture<ClientCallStreamObserver<WatchFeedbackEventsRequest>> watch(String key) {
        CompletableFuture<ClientCallStreamObserver<WatchFeedbackEventsRequest>> first = new CompletableFuture<>();
        FeedbackEventServiceGrpc.newStub(channel).withInterceptors(key(key)).watchFeedbackEvents(
                WatchFeedbackEventsRequest.newBuilder().setAfterSequence(PartnerFeedbackBackend.HELD_OPEN).build(),
                new ClientResponseObserver<WatchFeedbackEventsRequest, FeedbackEvent>() {
                    private ClientCallStreamObserver<WatchFeedbackEventsRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchFeedbackEventsRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(FeedbackEvent event) {
                        first.complete(call);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        first.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                        first.completeExceptionally(new IllegalStateException("the watch ended"));
                    }
                });
        return first;
    }

    private static ClientInterceptor key(String key) {
        return GatewayKeys.bearer(key);
    }

    private String issue(String tenant, String... scopes) {
        return GatewayKeys.issue(httpPort, OPERATOR_TOKEN, tenant, scopes);
    }
}
