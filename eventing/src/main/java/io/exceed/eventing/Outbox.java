package io.exceed.eventing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.bson.Document;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Records events with the change that causes them. The embedded store has no multi-document transactions, so a
 * store keeps a change's events in the changed document itself, in its {@value #FIELD} array, written by the same
 * insert or update: the change and its events are stored together or not at all. Before that write each event
 * reserves its place in the {@link Feed} ({@link #reserve}), so it is read in the order it was recorded however
 * late it is relayed; after the write the store names the document ({@link #written}), so this replica's
 * {@link OutboxRelay} reads it by {@code _id} at its next run instead of searching.
 * <p>
 * The names are only a shortcut: the events are in the documents, and the relay's sweep, or any reader reaching a
 * reserved place, finds those whose name was lost (a full queue, a failed run, a replica that crashed). The queue
 * is bounded so a burst of writes cannot grow the heap; when it overflows the relay is told to sweep.
 */
public final class Outbox<E> {

    public static final String FIELD = Feed.OUTBOX;

    /** A document that holds pending events. */
    record Written(String collection, Object documentId) {
    }

    private final Feed<?> feed;
    private final Function<E, Document> toDocument;
    private final BlockingQueue<Written> written;
    private final AtomicBoolean lost = new AtomicBoolean();

    /**
     * @param toDocument   an event as stored ({@code _id} its id)
     * @param namesToKeep  documents named to the relay at most; more are left to its sweep
     */
    public Outbox(Feed<?> feed, Function<E, Document> toDocument, int namesToKeep) {
        this.feed = feed;
        this.toDocument = toDocument;
        this.written = new ArrayBlockingQueue<>(namesToKeep);
    }

    /**
     * The events as the document's pending events, each with the place it reserved in the tenant's feed, in order.
     * Write them with the change, in the same insert or update; a write that fails leaves places that readers void.
     */
    public List<Document> reserve(TenantId tenant, String collection, Object documentId, List<E> events) {
        List<Document> pending = events.stream().map(toDocument).toList();
        if (pending.isEmpty()) {
            return pending;
        }
        List<Long> sequences = feed.reserve(tenant, pending.stream().map(event -> event.getString("_id")).toList(),
                collection, documentId);
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).append(Feed.SEQUENCE, sequences.get(i));
        }
        return pending;
    }

    /**
     * Gives back the places of events whose write did not happen (a compare-and-set lost, a request already
     * applied), so that readers void them at once instead of waiting for a write that will not come.
     */
    public void withdraw(TenantId tenant, List<Document> pending) {
        for (Document event : pending) {
            feed.voidUnlessFilled(tenant, event.getString("_id"), event.getLong(Feed.SEQUENCE));
        }
    }

    /** Called after a write that gave the document pending events, so this replica relays them at once. */
    public void written(String collection, Object documentId) {
        if (!written.offer(new Written(collection, documentId))) {
            lost.set(true);
        }
    }

    /** Takes up to {@code max} named documents, oldest first. */
    List<Written> take(int max) {
        List<Written> taken = new ArrayList<>();
        written.drainTo(taken, max);
        return taken;
    }

    /** Names again documents a failed run could not finish; those that no longer fit are left to the sweep. */
    void putBack(List<Written> names) {
        names.forEach(name -> written(name.collection(), name.documentId()));
    }

    /** Whether names were dropped since the last call; the caller then sweeps. */
    boolean takeLost() {
        return lost.getAndSet(false);
    }
}
