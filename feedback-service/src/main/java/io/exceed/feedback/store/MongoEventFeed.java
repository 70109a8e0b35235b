package io.exceed.feedback.store;

import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.List;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.Feed;
import io.exceed.eventing.Outbox;
import io.exceed.eventing.OutboxRelay;
import io.exceed.feedback.domain.event.FeedbackEvent;

/**
 * The feed in {@value FeedbackCollections#FEEDBACK_EVENTS}, the outbox of responses and complaints that records its
 * events, and the relay that moves them from there into the feed.
 */
public class MongoEventFeed {

    /** The collections whose documents may hold pending events. */
    static final List<String> SOURCES = List.of(FeedbackCollections.RESPONSES, FeedbackCollections.COMPLAINTS);

    private final Feed<FeedbackEvent> feed;
    private final Outbox<FeedbackEvent> outbox;
    private final OutboxRelay relay;

    /**
     * @param namesToKeep documents with pending events named to the relay at most; a burst beyond is swept
     * @param entered     told of each event this replica put into the feed, once it is stored (by its customer id)
     */
    public MongoEventFeed(MongoDatabase database, int namesToKeep, OutboxRelay.Settings settings,
            BiConsumer<TenantId, String> entered, Clock clock) {
        this.feed = new Feed<>(database, FeedbackCollections.FEEDBACK_EVENTS,
                FeedbackCollections.FEEDBACK_EVENT_SEQUENCES, SOURCES, FeedbackEventDocuments::fromDocument,
                (tenant, event) -> entered.accept(tenant, event.getString("customerId")));
        this.outbox = new Outbox<>(feed, FeedbackEventDocuments::toDocument, namesToKeep);
        this.relay = new OutboxRelay(feed, outbox, settings, clock);
    }

    /** The feed as readers see it. */
    public Feed<FeedbackEvent> feed() {
        return feed;
    }

    /** Where stores record the events of their changes. */
    public Outbox<FeedbackEvent> outbox() {
        return outbox;
    }

    /** The relay that fills the feed. */
    public OutboxRelay relay() {
        return relay;
    }

    /** Relays the events this replica's stores just recorded (the frequent, cheap run); returns how many. */
    public int relayOnce() {
        return relay.relayWritten();
    }
}
