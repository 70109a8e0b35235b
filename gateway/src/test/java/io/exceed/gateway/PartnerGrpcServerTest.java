package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.RespondentServiceProto;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceProto;
import io.exceed.gateway.config.PartnerGrpcProperties;
import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.limits.LocalTokenBuckets;
import io.exceed.gateway.limits.RateLimitPolicy;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.exceed.gateway.passthrough.PassthroughServices;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import reactor.netty.http.HttpResources;

/**
 * The partners' port itself, without Spring: TLS at the edge with a certificate made here, and graceful
 * shutdown. The relayed services are feedback-service's public ones (no key needed), on a fake backend.
 */
class PartnerGrpcServerTest {

    private static X509Bundle certificate;
    private static File chain;
    private static File privateKey;

    private BackendChannels channels;
    private PartnerGrpcServer server;
    private ManagedChannel client;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .setIsCertificateAuthority(true).algorithm(CertificateBuilder.Algorithm.ecp256).buildSelfSigned();
        chain = certificate.toTempCertChainPem();
        privateKey = certificate.toTempPrivateKeyPem();
        chain.deleteOnExit();
        privateKey.deleteOnExit();
    }

    @BeforeEach
    void backend() throws Exception {
        channels = new BackendChannels(Map.of("feedback-service", PartnerFeedbackBackend.start()), Set.of("feedback-service"),
                BackendChannels.PLAIN, HttpResources.get());
        PartnerFeedbackBackend.reset();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.stop();
        }
        channels.close();
    }

    @Test
    void withACertificateThePortSpeaksTlsOnly() throws Exception {
        server = start(new PartnerGrpcServer.Tls(chain, privateKey), Duration.ofSeconds(5));
        client = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                TlsChannelCredentials.newBuilder().trustManager(certificate.toTempRootCertPem()).build()).build();

        assertThat(RespondentServiceGrpc.newBlockingStub(client)
                .getSurveyForm(GetSurveyFormRequest.newBuilder().setToken("t").setLanguage("sv").build())
                .getLanguage()).isEqualTo("sv");

        ManagedChannel plain = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                InsecureChannelCredentials.create()).build();
        ManagedChannel untrusting = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                TlsChannelCredentials.create()).build();
        try {
            for (ManagedChannel refused : List.of(plain, untrusting)) {
                assertThatThrownBy(() -> RespondentServiceGrpc.newBlockingStub(refused)
                        .withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getSurveyForm(GetSurveyFormRequest.newBuilder().setToken("t").build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                failure -> assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            }
        } finally {
            plain.shutdownNow();
            untrusting.shutdownNow();
        }
    }

    @Test
    void anUnreadableCertificateStopsTheStartNamingTheFile() {
        PartnerGrpcServer misconfigured = new PartnerGrpcServer(0,
                new PartnerGrpcServer.Tls(new File("target/no-such-chain.pem"), privateKey), Duration.ZERO, LIMITS,
                services());
        assertThatThrownBy(misconfigured::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-chain.pem");
    }

    @Test
    void aChainWithoutAKeyIsRefusedWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> new PartnerGrpcProperties(9100,
                new PartnerGrpcProperties.Tls(chain.getPath(), null), Duration.ofSeconds(20), 32, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed.gateway.grpc.tls").hasMessageContaining("private-key");
        assertThat(new PartnerGrpcProperties(9100, null, Duration.ofSeconds(20), 32, 100).tls().enabled()).isFalse();
    }

    @Test
    void onShutdownACallInFlightFinishesAndNewCallsAreRefused() throws Exception {
        server = start(null, Duration.ofSeconds(10));
        client = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create()).build();
        CompletableFuture<Survey> slow = CompletableFuture.supplyAsync(() -> SurveyServiceGrpc.newBlockingStub(client)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("slow").build()));
        awaitBackendCall();
        int port = server.port();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        ManagedChannel late = Grpc.newChannelBuilderForAddress("localhost", port, InsecureChannelCredentials.create())
                .build();
        try {
            assertThat(slow.get(10, TimeUnit.SECONDS).getId()).isEqualTo("slow");
            stopping.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> SurveyServiceGrpc.newBlockingStub(late)
                    .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            failure -> assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            late.shutdownNow();
        }
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void aCallThatOutlastsTheGracePeriodIsCut() throws Exception {
        server = start(null, Duration.ofMillis(100));
        client = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create()).build();
        CompletableFuture<Survey> slow = CompletableFuture.supplyAsync(() -> SurveyServiceGrpc.newBlockingStub(client)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("slow").build()));
        awaitBackendCall();

        server.stop();

        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        failure -> assertThat(failure.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE,
                                Status.Code.CANCELLED));
    }

    @Test
    void aConnectionHasAtMostItsConcurrentCallsAndAnotherConnectionIsNotHeldUp() throws Exception {
        server = new PartnerGrpcServer(0, null, Duration.ofSeconds(5), new PartnerGrpcServer.Limits(8, 2), services());
        server.start();
        client = Grpc.newChannelBuilderForAddress("localhost", server.port(), InsecureChannelCredentials.create())
                .build();
        List<ListenableFuture<Survey>> slow = List.of(1, 2).stream().map(i -> SurveyServiceGrpc.newFutureStub(client)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("slow").build())).toList();
        await("both slow calls reached the backend").atMost(Duration.ofSeconds(10))
                .until(() -> PartnerFeedbackBackend.SLOW_IN_FLIGHT.get() == 2);

        assertThatThrownBy(() -> SurveyServiceGrpc.newBlockingStub(client).withDeadlineAfter(1, TimeUnit.SECONDS)
                .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()))
                .as("a third call on the connection waits for a stream")
                .isInstanceOfSatisfying(StatusRuntimeException.class, failure -> assertThat(failure.getStatus()
                        .getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        ManagedChannel another = Grpc.newChannelBuilderForAddress("localhost", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            assertThat(SurveyServiceGrpc.newBlockingStub(another).withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getSurvey(GetSurveyRequest.newBuilder().setSurveyId("s-1").build()).getId()).isEqualTo("s-1");
        } finally {
            another.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (ListenableFuture<Survey> call : slow) {
            assertThat(call.get(10, TimeUnit.SECONDS).getId()).isEqualTo("slow");
        }
    }

    private PartnerGrpcServer start(PartnerGrpcServer.Tls tls, Duration grace) {
        PartnerGrpcServer started = new PartnerGrpcServer(0, tls, grace, LIMITS, services());
        started.start();
        return started;
    }

    private static final PartnerGrpcServer.Limits LIMITS = new PartnerGrpcServer.Limits(8, 100);

    private static final RateLimitPolicy UNLIMITED = new RateLimitPolicy("test", 1_000_000, 1_000_000,
            Duration.ofSeconds(1));

    /** feedback-service's survey and respondent services, both treated as needing no key here. */
    private PassthroughServices services() {
        return new PassthroughServices(List.of(SurveyServiceProto.getDescriptor(), RespondentServiceProto.getDescriptor()),
                Map.of("exceed.feedback.v1", "feedback-service"),
                Set.of("exceed.feedback.v1.SurveyService", "exceed.feedback.v1.RespondentService"), channels, null,
                new RateLimits(new LocalTokenBuckets(100, Duration.ofMinutes(1)), UNLIMITED, UNLIMITED),
                Duration.ofSeconds(10));
    }

    private static void awaitBackendCall() {
        await("the slow call reached the backend").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> PartnerFeedbackBackend.LAST_METADATA.get() != null);
    }
}
