package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.exceed.defaults.tenancy.TenantHeader;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.GetEmailChannelRequest;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.exceed.gateway.local.DevelopmentMailChannel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/** The local run's e-mail: the development tenant's channel goes to the mail catcher unless the developer set one. */
class DevelopmentMailChannelTest {

    private final List<String> tenants = new CopyOnWriteArrayList<>();
    private final List<EmailChannel> updates = new CopyOnWriteArrayList<>();
    private volatile EmailChannel stored;
    private volatile Status failure;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void startFeedbackService() throws IOException {
        ServerInterceptor tenantSeen = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                tenants.add(headers.get(TenantHeader.KEY));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new Outbound(), tenantSeen)).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aTenantWithoutAChannelSendsToTheMailCatcher() {
        EmailChannel set = new DevelopmentMailChannel(channel, 3025).ensure();

        assertThat(updates).singleElement().satisfies(update -> {
            assertThat(update.getSmtpHost()).isEqualTo("127.0.0.1");
            assertThat(update.getSmtpPort()).isEqualTo(3025);
            assertThat(update.getStarttlsRequired()).isFalse();
            assertThat(update.getSenderAddress()).contains("@exceed.localhost");
        });
        assertThat(set).isEqualTo(stored);
        assertThat(tenants).containsOnly("dev");
        assertThat(new DevelopmentMailChannel(channel, 3025).ensure()).as("a restart finds it").isEqualTo(stored);
        assertThat(updates).hasSize(1);
    }

    @Test
    void aChannelTheDeveloperSetIsLeftAsItIs() {
        stored = EmailChannel.newBuilder().setSmtpHost("smtp.example.test").setSmtpPort(587).setStarttlsRequired(true)
                .setSenderAddress("surveys@example.test").build();

        EmailChannel kept = new DevelopmentMailChannel(channel, 3025).ensure();

        assertThat(kept.getSmtpHost()).isEqualTo("smtp.example.test");
        assertThat(updates).isEmpty();
    }

    @Test
    void aFeedbackServiceThatCannotAnswerIsReportedNotOverwritten() {
        failure = Status.UNAVAILABLE.withDescription("store down");

        assertThatThrownBy(() -> new DevelopmentMailChannel(channel, 3025).ensure())
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAVAILABLE");
        assertThat(updates).isEmpty();
    }

    /** feedback-service's e-mail channel as far as the development set-up uses it. */
    private final class Outbound extends OutboundServiceGrpc.OutboundServiceImplBase {

        @Override
        public void getEmailChannel(GetEmailChannelRequest request, StreamObserver<EmailChannel> response) {
            if (failure != null) {
                response.onError(failure.asRuntimeException());
            } else if (stored == null) {
                response.onError(Status.NOT_FOUND.withDescription("no e-mail channel").asRuntimeException());
            } else {
                response.onNext(stored);
                response.onCompleted();
            }
        }

        @Override
        public void updateEmailChannel(UpdateEmailChannelRequest request, StreamObserver<EmailChannel> response) {
            updates.add(request.getEmailChannel());
            stored = request.getEmailChannel();
            response.onNext(stored);
            response.onCompleted();
        }
    }
}
