package io.exceed.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;

/** Collects what a server stream sends, for a test to take one message at a time as it arrives. */
public final class StreamCollector<T> implements StreamObserver<T> {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final BlockingQueue<T> received = new LinkedBlockingQueue<>();

    @Override
    public void onNext(T message) {
        received.add(message);
    }

    @Override
    public void onError(Throwable error) {
    }

    @Override
    public void onCompleted() {
    }

    /** The next message, waiting up to 10 s for it; fails the test when none comes. */
    public T next() throws InterruptedException {
        T message = received.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message arrived within " + PATIENCE);
        }
        return message;
    }

    /** Whether nothing more arrives within {@code wait}. */
    public boolean nothingMoreWithin(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
    }
}
