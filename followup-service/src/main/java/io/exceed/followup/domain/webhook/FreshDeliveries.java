package io.exceed.followup.domain.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ids of deliveries this replica has just stored, so that its dispatcher claims them by id rather than by
 * searching for due deliveries (a scan on the embedded store). Only a shortcut: a delivery that is not named here
 * (dropped when the queue is full, stored by a replica that crashed, or due again after a failed attempt) is found
 * by the dispatcher's periodic search. Where deliveries become due at once without being named (a replay, an
 * endpoint enabled again), a search is asked for instead.
 */
public final class FreshDeliveries {

    private final BlockingQueue<String> ids;
    private final AtomicBoolean searchRequested = new AtomicBoolean();

    /** @param capacity ids kept at most; more are dropped and left to the search */
    public FreshDeliveries(int capacity) {
        this.ids = new ArrayBlockingQueue<>(capacity);
    }

    void add(String deliveryId) {
        ids.offer(deliveryId);
    }

    /** Takes up to {@code max} ids, oldest first. */
    List<String> take(int max) {
        List<String> taken = new ArrayList<>();
        ids.drainTo(taken, max);
        return taken;
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /** Asks the dispatcher to search at its next run rather than at its next periodic search. */
    void requestSearch() {
        searchRequested.set(true);
    }

    /** Whether a search was asked for since the last call. */
    boolean takeSearchRequest() {
        return searchRequested.getAndSet(false);
    }
}
