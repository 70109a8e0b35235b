package io.exceed.customer.store;

import java.time.Clock;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.eventing.OutboxHints;
import io.exceed.eventing.OutboxRelay;
import io.exceed.eventing.SequencedFeed;

/**
 * The customer event feed ("customer_events", sequences in "customer_event_sequences": {_id: tenant, last}) and
 * the relay that fills it from the outboxes of timeline events and customers. Every replica relays; two relaying
 * the same event insert it once.
 */
public class MongoCustomerEventFeed {

    public static final String EVENTS = "customer_events";
    public static final String SEQUENCES = "customer_event_sequences";
    /** Delivery cursors of the feed's consumers ({@link io.exceed.eventing.FeedDelivery}). */
    public static final String DELIVERIES = "feed_deliveries";

    private final SequencedFeed<CustomerEvent> feed;
    private final OutboxRelay relay;

    public MongoCustomerEventFeed(MongoDatabase database, OutboxHints hints, OutboxRelay.Settings settings,
            Clock clock) {
        this.feed = new SequencedFeed<>(database.getCollection(EVENTS), database.getCollection(SEQUENCES),
                CustomerOutbox::fromDocument, clock);
        this.relay = new OutboxRelay(database, CustomerOutbox.SOURCES, feed, hints, settings, clock);
    }

    public SequencedFeed<CustomerEvent> source() {
        return feed;
    }

    public OutboxRelay relay() {
        return relay;
    }
}
