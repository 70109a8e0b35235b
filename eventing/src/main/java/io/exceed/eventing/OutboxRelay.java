package io.exceed.eventing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Moves the events that stores keep in their documents' {@link Outbox} into the {@link Feed}, then removes them from
 * the documents. An event whose place was reserved fills that place; one whose place became void (its write came
 * after a reader gave up on it), or that has none (recorded by an earlier version), is given a new place at the end,
 * and so are the events after it in the same document, which keep their order. Every replica relays; two relaying
 * the same event fill its place once.
 * <p>
 * Two ways to find pending events, one cheap and one thorough. The frequent run reads only the documents this
 * replica's stores named ({@link Outbox#written}), each by {@code _id} (a lookup on MongoDB and on the embedded store
 * alike). The sweep pages through every source collection for documents whose outbox is not empty: the embedded
 * store scans for that (it ignores such indexes), so it runs when the relay starts, every {@code sweepInterval}, and
 * when names were dropped; it finds what a crashed replica, a lost name or a failed run left behind. Readers fill
 * reserved places themselves, so an event the sweep finds late is read in its place all the same.
 */
public final class OutboxRelay {

    /**
     * @param batch         documents read per collection and page; named documents taken per run
     * @param sweepInterval how often the whole source collections are searched for events nobody named
     */
    public record Settings(int batch, Duration sweepInterval) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Feed<?> feed;
    private final Outbox<?> outbox;
    private final Settings settings;
    private final Clock clock;
    private Instant nextSweep = Instant.MIN;

    /** @param clock paces the sweep on this replica; no event's order depends on it */
    public OutboxRelay(Feed<?> feed, Outbox<?> outbox, Settings settings, Clock clock) {
        this.feed = feed;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    /** The scheduled run: the named documents, then a sweep when one is due. Returns the events relayed. */
    public int run() {
        int relayed = relayWritten();
        boolean sweepDue;
        synchronized (this) {
            Instant now = clock.instant();
            sweepDue = !now.isBefore(nextSweep);
            if (sweepDue) {
                nextSweep = now.plus(settings.sweepInterval());
            }
        }
        boolean namesLost = outbox.takeLost();
        if (sweepDue || namesLost) {
            relayed += sweep();
        }
        return relayed;
    }

    /**
     * Relays the pending events of every document named since the last run, a batch at a time, so a burst of
     * writes is relayed at once and not one batch per run; returns how many it put in the feed.
     */
    public int relayWritten() {
        int relayed = 0;
        for (List<Outbox.Written> taken = outbox.take(settings.batch()); !taken.isEmpty();
                taken = outbox.take(settings.batch())) {
            try {
                List<Held> held = new ArrayList<>();
                for (Outbox.Written written : new HashSet<>(taken)) {
                    MongoCollection<Document> collection = feed.sources().get(written.collection());
                    if (collection == null) {
                        // A store naming a collection the feed does not read: a wiring mistake; retrying cannot help.
                        log.error("ignoring pending events in {}, which is not one of the feed's sources {}",
                                written.collection(), feed.sources().keySet());
                        continue;
                    }
                    Document document = collection.find(Filters.eq("_id", written.documentId())).first();
                    if (document != null) {
                        held.add(new Held(written.collection(), collection, document));
                    }
                }
                relayed += relay(held);
            } catch (RuntimeException e) {
                outbox.putBack(taken);
                throw e;
            }
        }
        return relayed;
    }

    /** Relays every pending event in the source collections, a page at a time; returns how many it relayed. */
    public int sweep() {
        int relayed = 0;
        for (Map.Entry<String, MongoCollection<Document>> source : feed.sources().entrySet()) {
            Set<Object> seen = new HashSet<>();
            while (true) {
                List<Document> page = source.getValue().find(Filters.exists(Outbox.FIELD + ".0"))
                        .limit(settings.batch()).into(new ArrayList<>());
                // A document seen before still holds events only if it could not be finished: the next sweep retries.
                List<Held> held = page.stream().filter(document -> seen.add(document.get("_id")))
                        .map(document -> new Held(source.getKey(), source.getValue(), document)).toList();
                if (held.isEmpty()) {
                    break;
                }
                relayed += relay(held);
                if (page.size() < settings.batch()) {
                    break;
                }
            }
        }
        if (relayed > 0) {
            log.info("the outbox sweep relayed {} events", relayed);
        }
        return relayed;
    }

    /** Documents with events recorded first go first, so events given new places keep the order they happened in. */
    private int relay(List<Held> held) {
        int relayed = 0;
        List<Held> ordered = new ArrayList<>(held);
        ordered.sort(Comparator.comparing(Held::firstEventId));
        for (Held document : ordered) {
            relayed += relay(document);
        }
        return relayed;
    }

    /**
     * Relays one document's events in their order, then removes those in the feed from its outbox. From the first
     * event without a place on, each is given a new one: its old place is voided, a new one reserved and the event's
     * entry in the outbox moved to it (compare-and-set on the old number, so of two relays one moves it).
     */
    private int relay(Held held) {
        TenantId tenant = new TenantId(held.document().getString(TenantScope.TENANT_FIELD));
        Object documentId = held.document().get("_id");
        List<Bson> relayed = new ArrayList<>();
        boolean movingToTheEnd = false;
        for (Document event : held.events()) {
            String eventId = event.getString("_id");
            Long sequence = event.getLong(Feed.SEQUENCE);
            if (!movingToTheEnd && sequence != null) {
                Feed.SlotState state = feed.fill(tenant, eventId, sequence);
                if (state == null) {
                    // Left to its writer a while longer (an earlier event's place is undecided): the next run decides.
                    break;
                }
                if (state == Feed.SlotState.FILLED) {
                    relayed.add(placed(eventId, sequence));
                    continue;
                }
            }
            movingToTheEnd = true;
            if (sequence != null && !feed.voidUnlessFilled(tenant, eventId, sequence)) {
                relayed.add(placed(eventId, sequence));
                continue;
            }
            long moved = feed.reserve(tenant, eventId, held.name(), documentId);
            Bson stillAt = Filters.elemMatch(Outbox.FIELD, Filters.and(Filters.eq("_id", eventId),
                    sequence == null ? Filters.exists(Feed.SEQUENCE, false) : Filters.eq(Feed.SEQUENCE, sequence)));
            if (held.collection().updateOne(Filters.and(Filters.eq("_id", documentId), stillAt),
                    Updates.set(Outbox.FIELD + ".$." + Feed.SEQUENCE, moved)).getMatchedCount() == 0
                    || feed.fill(tenant, eventId, moved) != Feed.SlotState.FILLED) {
                // Another relay moved it first, or a reader voided the new place before the move: the next run.
                feed.voidUnlessFilled(tenant, eventId, moved);
                break;
            }
            relayed.add(placed(eventId, moved));
        }
        if (!relayed.isEmpty()) {
            held.collection().updateOne(Filters.eq("_id", documentId),
                    Updates.pull(Outbox.FIELD, Filters.or(relayed)));
        }
        return relayed.size();
    }

    private static Bson placed(String eventId, long sequence) {
        return new Document("_id", eventId).append(Feed.SEQUENCE, sequence);
    }

    /** A document with pending events, and the source collection it was read from. */
    private record Held(String name, MongoCollection<Document> collection, Document document) {

        List<Document> events() {
            return document.getList(Outbox.FIELD, Document.class, List.of());
        }

        String firstEventId() {
            return events().isEmpty() ? "" : events().get(0).getString("_id");
        }
    }
}
