package io.exceed.gateway.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.DynamicMessage;

import io.exceed.defaults.tenancy.TenantId;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import reactor.core.publisher.Mono;

/**
 * Calls one unary method of a backend without blocking a thread: the reply (or the failing
 * {@link io.grpc.StatusRuntimeException}) completes the Mono, and a caller that goes away cancels the call.
 */
public final class UnaryCaller {

    /** The metadata the services' TenantInterceptor reads the tenant from. */
    public static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);

    private final BackendChannels channels;
    private final Duration deadline;

    public UnaryCaller(BackendChannels channels, Duration deadline) {
        this.channels = channels;
        this.deadline = deadline;
    }

    /**
     * @param tenant the tenant of the caller's credential, sent as {@code x-tenant-id}; nothing from the
     *               request itself reaches the backend's metadata
     */
    public Mono<DynamicMessage> call(String backend, MethodDescriptor<DynamicMessage, DynamicMessage> method,
            DynamicMessage request, TenantId tenant) {
        return Mono.create(sink -> {
            Metadata metadata = new Metadata();
            metadata.put(TENANT, tenant.value());
            // Every call has a deadline, so a stuck backend costs the caller a 504, not a hung connection.
            ClientCall<DynamicMessage, DynamicMessage> call = ClientInterceptors.intercept(channels.channel(backend),
                    MetadataUtils.newAttachHeadersInterceptor(metadata)).newCall(method,
                    CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
            sink.onCancel(() -> call.cancel("the HTTP caller went away", null));
            ClientCalls.asyncUnaryCall(call, request, new StreamObserver<>() {
                @Override
                public void onNext(DynamicMessage reply) {
                    sink.success(reply);
                }

                @Override
                public void onError(Throwable failure) {
                    sink.error(failure);
                }

                @Override
                public void onCompleted() {
                    // A unary reply has already completed the Mono in onNext.
                }
            });
        });
    }
}
