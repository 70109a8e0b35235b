package io.exceed.eventing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells this replica's {@link OutboxRelay} which documents just got pending events, so its frequent run reads
 * those by {@code _id} instead of scanning the source collections. A hint is only a shortcut: the pending events
 * are in the documents themselves, and the relay's sweep finds any whose hint was lost (a full queue, a failed
 * run, a replica that crashed before relaying). The queue is bounded so a burst of writes cannot grow the heap;
 * when it is full the relay is told to sweep instead.
 */
public final class OutboxHints {

    /** A document that holds pending events. */
    public record Hint(String collection, Object documentId) {
    }

    private final BlockingQueue<Hint> queue;
    private final AtomicBoolean lost = new AtomicBoolean();

    /** @param capacity hints kept at most; more are dropped and the next relay run sweeps */
    public OutboxHints(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by a store after a write that appended events to the outbox of {@code documentId}. */
    public void pending(String collection, Object documentId) {
        if (!queue.offer(new Hint(collection, documentId))) {
            lost.set(true);
        }
    }

    /** Takes up to {@code max} hints, oldest first. */
    List<Hint> take(int max) {
        List<Hint> taken = new ArrayList<>();
        queue.drainTo(taken, max);
        return taken;
    }

    /** Returns hints a failed run could not finish; those that no longer fit are left to the sweep. */
    void putBack(List<Hint> hints) {
        hints.forEach(hint -> pending(hint.collection(), hint.documentId()));
    }

    /** Whether hints were dropped since the last call; the caller then sweeps. */
    boolean takeLost() {
        return lost.getAndSet(false);
    }
}
