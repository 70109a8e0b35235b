package io.exceed.feedback.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.feed.SequencedFeed;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.feedback.domain.event.FeedbackEvent;

/**
 * The feed in {@value FeedbackCollections#FEEDBACK_EVENTS} and the relay that fills it from the outboxes. Every
 * replica relays; two relaying the same event insert it once (its id is the feed document's id).
 */
public class MongoEventFeed {

    /** Documents with pending events handled per collection and run, so one run stays short. */
    private static final int RELAY_BATCH = 100;

    private final MongoDatabase database;
    private final SequencedFeed<FeedbackEvent> feed;

    public MongoEventFeed(MongoDatabase database, Clock clock) {
        this.database = database;
        this.feed = new SequencedFeed<>(database.getCollection(FeedbackCollections.FEEDBACK_EVENTS),
                database.getCollection(FeedbackCollections.FEEDBACK_EVENT_SEQUENCES), Outbox::fromDocument, clock);
    }

    /** The feed as readers see it. */
    public SequencedFeed<FeedbackEvent> source() {
        return feed;
    }

    /**
     * Moves pending events from the outboxes into the feed; returns how many it inserted. Within a run events are
     * appended in the order they happened (their ids are time-ordered), whichever document holds them.
     */
    public int relayOnce() {
        List<Pending> pending = new ArrayList<>();
        for (String source : Outbox.SOURCES) {
            MongoCollection<Document> collection = database.getCollection(source);
            for (Document document : collection.find(Filters.exists(Outbox.FIELD + ".0")).limit(RELAY_BATCH)) {
                for (Document event : document.getList(Outbox.FIELD, Document.class)) {
                    pending.add(new Pending(collection, document.get("_id"),
                            document.getString(TenantScope.TENANT_FIELD), event));
                }
            }
        }
        pending.sort(Comparator.comparing(p -> p.event().getString("_id")));
        int relayed = 0;
        for (Pending event : pending) {
            relayed += feed.append(event.tenant(), event.event()) ? 1 : 0;
        }
        for (Pending event : pending) {
            event.collection().updateOne(Filters.eq("_id", event.documentId()), Updates.pull(Outbox.FIELD,
                    new Document("_id", event.event().getString("_id"))));
        }
        return relayed;
    }

    /** An event waiting in the outbox of one document. */
    private record Pending(MongoCollection<Document> collection, Object documentId, String tenant, Document event) {
    }
}
