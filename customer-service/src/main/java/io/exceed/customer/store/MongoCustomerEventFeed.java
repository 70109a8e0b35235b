package io.exceed.customer.store;

import java.time.Clock;
import java.util.List;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.eventing.Feed;
import io.exceed.eventing.Outbox;
import io.exceed.eventing.OutboxRelay;

/**
 * The customer event feed in {@value CustomerCollections#CUSTOMER_EVENTS}, the outbox of timeline events and
 * customers that records its events, and the relay that moves them from there into the feed.
 */
public class MongoCustomerEventFeed {

    /** The collections whose documents may hold pending events. */
    static final List<String> SOURCES = List.of(CustomerCollections.TIMELINE_EVENTS, CustomerCollections.CUSTOMERS);

    private final Feed<CustomerEvent> feed;
    private final Outbox<CustomerEvent> outbox;
    private final OutboxRelay relay;

    /** @param namesToKeep documents with pending events named to the relay at most; a burst beyond is swept */
    public MongoCustomerEventFeed(MongoDatabase database, int namesToKeep, OutboxRelay.Settings settings,
            Clock clock) {
        this.feed = new Feed<>(database, CustomerCollections.CUSTOMER_EVENTS,
                CustomerCollections.CUSTOMER_EVENT_SEQUENCES, SOURCES, CustomerEventDocuments::fromDocument);
        this.outbox = new Outbox<>(feed, CustomerEventDocuments::toDocument, namesToKeep);
        this.relay = new OutboxRelay(feed, outbox, settings, clock);
    }

    static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        Feed.createIndexes(database, CustomerCollections.CUSTOMER_EVENTS, indexes);
    }

    /** The feed as readers see it. */
    public Feed<CustomerEvent> feed() {
        return feed;
    }

    /** Where stores record the events of their changes. */
    public Outbox<CustomerEvent> outbox() {
        return outbox;
    }

    /** The relay that fills the feed. */
    public OutboxRelay relay() {
        return relay;
    }
}
