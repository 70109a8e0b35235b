package io.exceed.gateway.grpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.DynamicMessage;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import reactor.core.publisher.Mono;

/**
 * Calls one unary method of a backend without blocking a thread: the reply (or the failing
 * {@link io.grpc.StatusRuntimeException}) completes the Mono, and a caller that goes away cancels the call.
 */
public final class UnaryCaller {

    private final BackendChannels channels;
    private final Duration deadline;

    public UnaryCaller(BackendChannels channels, Duration deadline) {
        this.channels = channels;
        this.deadline = deadline;
    }

    public Mono<DynamicMessage> call(String backend, MethodDescriptor<DynamicMessage, DynamicMessage> method,
            DynamicMessage request) {
        return Mono.create(sink -> {
            // Every call has a deadline, so a stuck backend costs the caller a 504, not a hung connection.
            ClientCall<DynamicMessage, DynamicMessage> call = channels.channel(backend).newCall(method,
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
