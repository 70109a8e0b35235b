package io.exceed.eventing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import io.exceed.defaults.tenancy.TenantId;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Server-streaming watches of a feed: each polls the feed on a shared scheduler (no thread is held per watch),
 * sends what is new and polls again until the caller cancels. A caller resumes after the last sequence it
 * received, on any replica.
 */
public class FeedWatches<E> {

    /** Entries a watch examines per poll; a full batch polls again at once. */
    private static final int WATCH_BATCH = 100;

    private final Feed<E> feed;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    private final Set<Watch<?>> open = ConcurrentHashMap.newKeySet();

    public FeedWatches(Feed<E> feed, ScheduledExecutorService scheduler, Duration pollInterval) {
        this.feed = feed;
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
    }

    /** Starts streaming wanted entries after {@code afterSequence} to {@code response}. */
    public <P> void watch(TenantId tenant, long afterSequence, Predicate<E> wanted, Function<FeedEntry<E>, P> toProto,
            StreamObserver<P> response) {
        Watch<P> watch = new Watch<>(tenant, wanted, toProto, afterSequence, (ServerCallStreamObserver<P>) response);
        open.add(watch);
        watch.poll();
    }

    /**
     * Ends every watch, so a shutting-down server does not wait out its grace period for streams that never end;
     * callers resume on another replica.
     */
    public void endAll() {
        open.forEach(Watch::end);
    }

    /** One caller's watch. */
    private final class Watch<P> {
        private final TenantId tenant;
        private final Predicate<E> wanted;
        private final Function<FeedEntry<E>, P> toProto;
        private final ServerCallStreamObserver<P> stream;
        private long cursor;
        private boolean ended;

        Watch(TenantId tenant, Predicate<E> wanted, Function<FeedEntry<E>, P> toProto, long cursor,
                ServerCallStreamObserver<P> stream) {
            this.tenant = tenant;
            this.wanted = wanted;
            this.toProto = toProto;
            this.cursor = cursor;
            this.stream = stream;
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                open.remove(this);
                stream.onCompleted();
            }
        }

        synchronized void poll() {
            if (ended || stream.isCancelled()) {
                open.remove(this);
                return;
            }
            boolean more = false;
            try {
                // A slow consumer is not sent more than its transport buffers: wait until it is ready again.
                if (stream.isReady()) {
                    Feed.Batch<E> batch = feed.read(tenant, cursor, wanted, WATCH_BATCH);
                    batch.entries().forEach(entry -> stream.onNext(toProto.apply(entry)));
                    more = batch.nextAfterSequence() - cursor >= WATCH_BATCH;
                    cursor = batch.nextAfterSequence();
                }
                scheduler.schedule(this::poll, more ? 0 : pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                ended = true;
                open.remove(this);
                stream.onError(Status.UNAVAILABLE.withDescription("the event feed is unavailable; "
                        + "resume after sequence " + cursor).withCause(e).asRuntimeException());
            }
        }
    }
}
