package io.exceed.defaults.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;

/** The interceptor in front of a real gRPC server on a real port. */
class TenantInterceptorTest {

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("test.Tenancy/WhoAmI")
            .setRequestMarshaller(TEXT)
            .setResponseMarshaller(TEXT)
            .build();

    private static final MethodDescriptor<String, String> PUBLIC_ECHO = WHO_AM_I.toBuilder()
            .setFullMethodName("test.Public/Echo")
            .build();

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition echoTenant = ServerServiceDefinition.builder("test.Tenancy")
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(CurrentTenant.get().value());
                    response.onCompleted();
                }))
                .build();
        ServerServiceDefinition publicEcho = ServerServiceDefinition.builder("test.Public")
                .addMethod(PUBLIC_ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(request);
                    response.onCompleted();
                }))
                .build();
        HealthStatusManager health = new HealthStatusManager();
        TenantInterceptor interceptor = new TenantInterceptor(Set.of("test.Public"));
        server = ServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(echoTenant, interceptor))
                .addService(ServerInterceptors.intercept(publicEcho, interceptor))
                .addService(ServerInterceptors.intercept(health.getHealthService(), interceptor))
                .build()
                .start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void theEndpointSeesTheTenantFromMetadata() {
        assertThat(call("acme-eu")).isEqualTo("acme-eu");
    }

    @Test
    void aCallWithoutTenantIsUnauthenticated() {
        assertThatThrownBy(() -> call(null))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void aMalformedTenantIsUnauthenticated() {
        assertThatThrownBy(() -> call("ACME; DROP"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void healthNeedsNoTenant() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void aServiceNamedPublicNeedsNoTenant() {
        assertThat(ClientCalls.blockingUnaryCall(channel, PUBLIC_ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "token")).isEqualTo("token");
    }

    private String call(String tenant) {
        Metadata headers = new Metadata();
        if (tenant != null) {
            headers.put(TenantHeader.KEY, tenant);
        }
        Channel withHeaders = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(withHeaders, WHO_AM_I,
                CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), "who am I?");
    }
}
