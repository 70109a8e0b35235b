package io.exceed.customer.store;

/**
 * The collections of customer-service's own database. Every document carries {@code tenant}; every index a query
 * uses starts with it.
 *
 * <ul>
 * <li>{@value #CUSTOMERS}: one document per customer (profile, consent, relationship state, version), with the
 * stale-expectations event of its latest snapshot in its outbox until it is relayed.</li>
 * <li>{@value #TIMELINE_EVENTS}: orders, contract events and notes, each with the events it announces in its
 * outbox.</li>
 * <li>{@value #CUSTOMER_EVENTS}: the tenant's event feed, numbered through {@value #CUSTOMER_EVENT_SEQUENCES}.</li>
 * <li>{@value #FEED_DELIVERIES}: each consumer's cursor per tenant.</li>
 * </ul>
 */
public final class CustomerCollections {

    public static final String CUSTOMERS = "customers";
    public static final String TIMELINE_EVENTS = "timeline_events";
    public static final String CUSTOMER_EVENTS = "customer_events";
    public static final String CUSTOMER_EVENT_SEQUENCES = "customer_event_sequences";
    public static final String FEED_DELIVERIES = "feed_deliveries";

    private CustomerCollections() {
    }
}
