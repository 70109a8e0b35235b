package io.exceed.gateway.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.DynamicMessage;

import io.exceed.defaults.tenancy.TenantHeader;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.web.RequestIds;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.ContextView;

/**
 * Calls one unary method of a backend without blocking a thread: the reply (or the failing
 * {@link io.grpc.StatusRuntimeException}) completes the Mono, and a caller that goes away cancels the call.
 * The call carries the request's id ({@code x-request-id}) and continues its trace: the HTTP request's
 * observation, kept in the Reactor context, is made current while the call starts, so the channel's tracing
 * interceptor sends {@code traceparent} as its child.
 */
public final class UnaryCaller {

    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    private final BackendChannels channels;
    private final Duration deadline;

    public UnaryCaller(BackendChannels channels, Duration deadline) {
        this.channels = channels;
        this.deadline = deadline;
    }

    /**
     * @param tenant the tenant of the caller's credential, sent as {@code x-tenant-id}; null for a public
     *               service's call, which carries no tenant. Nothing from the request itself reaches the
     *               backend's metadata
     */
    public Mono<DynamicMessage> call(String backend, MethodDescriptor<DynamicMessage, DynamicMessage> method,
            DynamicMessage request, TenantId tenant) {
        return Mono.create(sink -> {
            Metadata metadata = metadata(tenant, sink.contextView());
            try (ContextSnapshot.Scope trace = traceOf(sink.contextView())) {
                // Every call has a deadline, so a stuck backend costs the caller a 504, not a hung connection.
                ClientCall<DynamicMessage, DynamicMessage> call = ClientInterceptors.intercept(
                        channels.channel(backend), MetadataUtils.newAttachHeadersInterceptor(metadata)).newCall(method,
                        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
                sink.onCancel(() -> call.cancel("the HTTP caller went away", null));
                start(call, request, sink);
            }
        });
    }

    /** The tenant (none for a public call) and the HTTP request's id, as the backend gets them. */
    static Metadata metadata(TenantId tenant, ContextView context) {
        Metadata metadata = new Metadata();
        if (tenant != null) {
            metadata.put(TenantHeader.KEY, tenant.value());
        }
        RequestIds.current(context).ifPresent(id -> metadata.put(RequestIds.METADATA, id));
        return metadata;
    }

    /** Makes the HTTP request's observation current, so a call started inside continues its trace. */
    static ContextSnapshot.Scope traceOf(ContextView context) {
        return SNAPSHOTS.setThreadLocalsFrom(context, ObservationThreadLocalAccessor.KEY);
    }

    private static void start(ClientCall<DynamicMessage, DynamicMessage> call, DynamicMessage request,
            MonoSink<DynamicMessage> sink) {
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
    }
}
