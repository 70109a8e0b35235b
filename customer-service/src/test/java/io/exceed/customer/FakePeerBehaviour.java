package io.exceed.customer;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** How a fake peer answers, as a test sets it: normally, with UNAVAILABLE (down), or too late (slow). */
enum FakePeerBehaviour {
    UP, DOWN, SLOW;

    /** Longer than the deadline the tests give customer-service's calls (exceed.clients.*.deadline). */
    static final long SLOW_MILLIS = 3_000;
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slow-fake-peer");
        thread.setDaemon(true);
        return thread;
    });

    <T> void answer(StreamObserver<T> reply, Supplier<T> value) {
        switch (this) {
            case UP -> {
                reply.onNext(value.get());
                reply.onCompleted();
            }
            case DOWN -> reply.onError(Status.UNAVAILABLE.withDescription("the fake is down").asRuntimeException());
            case SLOW -> LATER.schedule(() -> {
                if (!((ServerCallStreamObserver<T>) reply).isCancelled()) {
                    reply.onNext(value.get());
                    reply.onCompleted();
                }
            }, SLOW_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
