package io.exceed.feedback.store;

import java.time.Clock;

import com.mongodb.client.MongoDatabase;

import io.exceed.eventing.OutboxHints;
import io.exceed.eventing.OutboxRelay;
import io.exceed.eventing.SequencedFeed;
import io.exceed.feedback.domain.event.FeedbackEvent;

/**
 * The feed in {@value FeedbackCollections#FEEDBACK_EVENTS} and the relay that fills it from the outboxes of
 * responses and complaints. Every replica relays; two relaying the same event insert it once (its id is the feed
 * document's id).
 */
public class MongoEventFeed {

    private final SequencedFeed<FeedbackEvent> feed;
    private final OutboxRelay relay;

    public MongoEventFeed(MongoDatabase database, OutboxHints hints, OutboxRelay.Settings settings, Clock clock) {
        this.feed = new SequencedFeed<>(database.getCollection(FeedbackCollections.FEEDBACK_EVENTS),
                database.getCollection(FeedbackCollections.FEEDBACK_EVENT_SEQUENCES), Outbox::fromDocument, clock);
        this.relay = new OutboxRelay(database, Outbox.SOURCES, feed, hints, settings, clock);
    }

    /** The feed as readers see it. */
    public SequencedFeed<FeedbackEvent> source() {
        return feed;
    }

    /** The relay that fills the feed. */
    public OutboxRelay relay() {
        return relay;
    }

    /** Relays the events this replica's stores just recorded (the frequent, cheap run); returns how many. */
    public int relayOnce() {
        return relay.relayHinted();
    }
}
