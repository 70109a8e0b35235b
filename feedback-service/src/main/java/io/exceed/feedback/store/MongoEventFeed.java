package io.exceed.feedback.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.event.EventFeed;
import io.exceed.feedback.domain.event.SequencedEvent;

/**
 * The feed in {@value FeedbackCollections#FEEDBACK_EVENTS} and the relay that fills it from the outboxes. Every
 * replica relays; two relaying the same event insert it once (its id is the feed document's id), at worst
 * burning a sequence number, which readers skip after a grace period.
 */
public class MongoEventFeed implements EventFeed {

    /** Documents with pending events handled per collection and run, so one run stays short. */
    private static final int RELAY_BATCH = 100;

    private final MongoDatabase database;
    private final MongoCollection<Document> feed;
    private final MongoCollection<Document> sequences;
    private final Clock clock;

    public MongoEventFeed(MongoDatabase database, Clock clock) {
        this.database = database;
        this.feed = database.getCollection(FeedbackCollections.FEEDBACK_EVENTS);
        this.sequences = database.getCollection(FeedbackCollections.FEEDBACK_EVENT_SEQUENCES);
        this.clock = clock;
        feed.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "sequence"), new IndexOptions().unique(true));
    }

    @Override
    public List<SequencedEvent> after(TenantId tenant, long afterSequence, int limit) {
        List<SequencedEvent> events = new ArrayList<>();
        feed.find(TenantScope.filter(tenant, Filters.gt("sequence", afterSequence)))
                .sort(Sorts.ascending("sequence"))
                .limit(limit)
                .forEach(document -> events.add(new SequencedEvent(document.getLong("sequence"),
                        Outbox.fromDocument(document), Times.toInstant(document.getDate("relayTime")))));
        return events;
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
            relayed += append(event.tenant(), event.event()) ? 1 : 0;
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

    private boolean append(String tenant, Document event) {
        if (feed.countDocuments(Filters.eq("_id", event.getString("_id"))) > 0) {
            return false;
        }
        long sequence = sequences.findOneAndUpdate(Filters.eq("_id", tenant), Updates.inc("last", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)).getLong("last");
        try {
            feed.insertOne(new Document(event).append(TenantScope.TENANT_FIELD, tenant).append("sequence", sequence)
                    .append("relayTime", Times.toDate(clock.instant())));
            return true;
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw e;
        }
    }
}
