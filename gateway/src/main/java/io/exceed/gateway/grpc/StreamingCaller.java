package io.exceed.gateway.grpc;

import com.google.protobuf.DynamicMessage;

import io.exceed.defaults.tenancy.TenantId;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.context.ContextSnapshot;
import reactor.core.publisher.Flux;

/**
 * Calls one server-streaming method of a backend as a Flux. Messages are requested from the backend only as the
 * subscriber asks for them, so a slow HTTP client slows the stream down instead of filling the gateway's memory,
 * and cancelling the subscription (the HTTP client went away) cancels the call. A watch runs for as long as its
 * caller stays, so these calls have no deadline.
 */
public final class StreamingCaller {

    private final BackendChannels channels;

    public StreamingCaller(BackendChannels channels) {
        this.channels = channels;
    }

    /**
     * @param tenant the tenant of the caller's credential, sent as {@code x-tenant-id} with the request id; the
     *               call continues the HTTP request's trace
     */
    public Flux<DynamicMessage> call(String backend, MethodDescriptor<DynamicMessage, DynamicMessage> method,
            DynamicMessage request, TenantId tenant) {
        return Flux.create(sink -> {
            Metadata metadata = UnaryCaller.metadata(tenant, sink.contextView());
            ClientCall<DynamicMessage, DynamicMessage> call;
            try (ContextSnapshot.Scope trace = UnaryCaller.traceOf(sink.contextView())) {
                call = channels.channel(backend).newCall(method, CallOptions.DEFAULT);
            }
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(DynamicMessage message) {
                    sink.next(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (status.isOk()) {
                        sink.complete();
                    } else {
                        // The trailers carry the google.rpc.Status details (field violations, reason).
                        sink.error(status.asRuntimeException(trailers));
                    }
                }
            }, metadata);
            sink.onCancel(() -> call.cancel("the HTTP caller went away", null));
            sink.onRequest(demand -> call.request((int) Math.min(demand, Integer.MAX_VALUE)));
            call.sendMessage(request);
            call.halfClose();
        });
    }
}
