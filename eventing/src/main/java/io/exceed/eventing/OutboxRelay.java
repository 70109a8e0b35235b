package io.exceed.eventing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;

/**
 * Moves the pending events that stores keep in their state documents' {@value #FIELD} array (written in the same
 * update as the change, so a change and its events are stored together or not at all) into a
 * {@link SequencedFeed}, then removes them from the documents. Every replica relays; two relaying the same event
 * append it once (its id is the feed document's id).
 * <p>
 * Two ways to find pending events, one cheap and one thorough. The frequent run reads only the documents the
 * stores of this replica named in {@link OutboxHints}, each by {@code _id} (a lookup on MongoDB and on the embedded
 * store alike). The sweep pages through every source collection for documents whose outbox is not empty: the
 * embedded store scans for that (it ignores such indexes), so it runs when the relay starts, every
 * {@code sweepInterval}, and when hints were dropped; it finds what a crashed replica, a lost hint or a failed
 * run left behind.
 */
public final class OutboxRelay {

    public static final String FIELD = "outbox";

    /**
     * @param batch         documents read per collection and page; hints taken per run
     * @param sweepInterval how often the whole source collections are searched for events nobody hinted at
     */
    public record Settings(int batch, Duration sweepInterval) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Map<String, MongoCollection<Document>> sources = new LinkedHashMap<>();
    private final SequencedFeed<?> feed;
    private final OutboxHints hints;
    private final Settings settings;
    private final Clock clock;
    private Instant nextSweep = Instant.MIN;

    /** @param sources the collections whose documents may carry an outbox */
    public OutboxRelay(MongoDatabase database, List<String> sources, SequencedFeed<?> feed, OutboxHints hints,
            Settings settings, Clock clock) {
        sources.forEach(name -> this.sources.put(name, database.getCollection(name)));
        this.feed = feed;
        this.hints = hints;
        this.settings = settings;
        this.clock = clock;
    }

    /** The scheduled run: the hinted documents, then a sweep when one is due. Returns the events appended. */
    public int run() {
        int relayed = relayHinted();
        boolean sweepDue;
        synchronized (this) {
            Instant now = clock.instant();
            sweepDue = !now.isBefore(nextSweep);
            if (sweepDue) {
                nextSweep = now.plus(settings.sweepInterval());
            }
        }
        boolean hintsLost = hints.takeLost();
        if (sweepDue || hintsLost) {
            relayed += sweep();
        }
        return relayed;
    }

    /**
     * Relays the pending events of every document hinted at since the last run, a batch at a time, so a burst of
     * writes is relayed at once and not one batch per run; returns how many it appended.
     */
    public int relayHinted() {
        int relayed = 0;
        for (List<OutboxHints.Hint> taken = hints.take(settings.batch()); !taken.isEmpty();
                taken = hints.take(settings.batch())) {
            relayed += relay(taken);
        }
        return relayed;
    }

    private int relay(List<OutboxHints.Hint> taken) {
        try {
            List<Pending> pending = new ArrayList<>();
            for (OutboxHints.Hint hint : new LinkedHashSet<>(taken)) {
                MongoCollection<Document> collection = sources.get(hint.collection());
                if (collection == null) {
                    // A store naming a collection the relay does not read: a wiring mistake; retrying cannot help.
                    log.error("ignoring a hint at {}, which is not one of the relay's sources {}", hint.collection(),
                            sources.keySet());
                    continue;
                }
                Document document = collection.find(Filters.eq("_id", hint.documentId())).first();
                if (document != null) {
                    collectFrom(collection, document, pending);
                }
            }
            return append(pending);
        } catch (RuntimeException e) {
            hints.putBack(taken);
            throw e;
        }
    }

    /**
     * Relays every pending event in the source collections, a page at a time, until none is left; returns how
     * many it appended. Within a page events are appended in the order they happened.
     */
    public int sweep() {
        int relayed = 0;
        for (MongoCollection<Document> collection : sources.values()) {
            Set<Object> seen = new HashSet<>();
            while (true) {
                List<Document> page = collection.find(Filters.exists(FIELD + ".0")).limit(settings.batch())
                        .into(new ArrayList<>());
                List<Pending> pending = new ArrayList<>();
                // A document seen before still holds events only if removing them failed: the next sweep retries.
                page.stream().filter(document -> seen.add(document.get("_id")))
                        .forEach(document -> collectFrom(collection, document, pending));
                if (pending.isEmpty()) {
                    break;
                }
                relayed += append(pending);
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

    private static void collectFrom(MongoCollection<Document> collection, Document document, List<Pending> pending) {
        List<Document> events = document.getList(FIELD, Document.class);
        if (events == null) {
            return;
        }
        for (Document event : events) {
            pending.add(new Pending(collection, document.get("_id"), document.getString(TenantScope.TENANT_FIELD),
                    event));
        }
    }

    /**
     * Appends in the order the events happened (their ids are time-ordered), whichever document holds them, then
     * removes them from their documents; a crash in between appends them again later, which the feed ignores.
     */
    private int append(List<Pending> pending) {
        pending.sort(Comparator.comparing(p -> p.event().getString("_id")));
        int relayed = 0;
        for (Pending event : pending) {
            relayed += feed.append(event.tenant(), event.event()) ? 1 : 0;
        }
        for (Pending event : pending) {
            event.collection().updateOne(Filters.eq("_id", event.documentId()), Updates.pull(FIELD,
                    new Document("_id", event.event().getString("_id"))));
        }
        return relayed;
    }

    /** An event waiting in the outbox of one document. */
    private record Pending(MongoCollection<Document> collection, Object documentId, String tenant, Document event) {
    }
}
