package io.exceed.customer.store;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Leases;

/**
 * The collections of customer-service's own database, and every index it needs. Every document carries
 * {@code tenant}; every index a query uses starts with it.
 *
 * <ul>
 * <li>{@value #CUSTOMERS}: one document per customer (profile, consent, relationship state, version), with the
 * stale-expectations event of its latest snapshot and its relationship changes in its outbox until they are
 * relayed.</li>
 * <li>{@value #EXPECTATION_SNAPSHOTS}: appended snapshots, never changed; {@value #EXPECTATION_LATEST}: which is each
 * customer's newest.</li>
 * <li>{@value #TIMELINE_EVENTS}: orders, contract events and notes, each with the events it announces in its
 * outbox.</li>
 * <li>{@value #CONTACT_STATES}, {@value #CONTACT_LOG}, {@value #CONTACT_LOG_HEADS}: the contact budget per customer
 * and the hash-chained contact log per tenant.</li>
 * <li>{@value #ERASURES}: erasures with parts still pending in other services, under the retrying replica's lease.</li>
 * <li>{@value #SWEEPS}: the turns of jobs that one replica runs at a time.</li>
 * <li>{@value #CUSTOMER_EVENTS}: the tenant's event feed, numbered through {@value #CUSTOMER_EVENT_SEQUENCES}.</li>
 * <li>{@value #FEED_DELIVERIES}: each consumer's cursor per tenant.</li>
 * <li>{@value #DEAD_LETTERS}: events a consumer refused for good, until a retry succeeds.</li>
 * </ul>
 */
public final class CustomerCollections {

    public static final String CUSTOMERS = "customers";
    public static final String EXPECTATION_SNAPSHOTS = "expectation_snapshots";
    public static final String EXPECTATION_LATEST = "expectation_latest";
    public static final String TIMELINE_EVENTS = "timeline_events";
    public static final String CONTACT_STATES = "contact_states";
    public static final String CONTACT_LOG = "contact_log";
    public static final String CONTACT_LOG_HEADS = "contact_log_heads";
    public static final String ERASURES = "erasures";
    public static final String SWEEPS = "sweeps";
    public static final String CUSTOMER_EVENTS = "customer_events";
    public static final String CUSTOMER_EVENT_SEQUENCES = "customer_event_sequences";
    public static final String FEED_DELIVERIES = "feed_deliveries";
    public static final String DEAD_LETTERS = "dead_letters";

    private CustomerCollections() {
    }

    /** Every index of the database: lookups and lists on MongoDB, and the unique ones that arbitrate races. */
    public static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        MongoCollection<Document> customers = database.getCollection(CUSTOMERS);
        indexes.ensure(customers, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(customers, TenantScope.TENANT_FIELD, "_id", "version");
        indexes.ensure(customers, TenantScope.TENANT_FIELD, "_id", MongoCustomerStore.LATEST_EXPECTATION_TIME);
        customers.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, CustomerDocuments.EXTERNAL_REFERENCE_KEY),
                new IndexOptions().unique(true));
        IdempotentInsert.createIndex(customers);
        customers.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "state", "_id"));
        customers.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "tags", "_id"));
        customers.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "latestExpectationTime"));

        CustomerHistory.createIndexes(database.getCollection(EXPECTATION_SNAPSHOTS), MongoExpectationStore.TIME);
        indexes.ensure(database.getCollection(EXPECTATION_SNAPSHOTS), TenantScope.TENANT_FIELD, "_id");
        LatestExpectations.createIndexes(database, indexes);
        LatestExpectations.indexExisting(database);
        CustomerHistory.createIndexes(database.getCollection(TIMELINE_EVENTS), MongoTimelineStore.TIME);

        MongoCollection<Document> states = database.getCollection(CONTACT_STATES);
        indexes.ensure(states, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(states, TenantScope.TENANT_FIELD, "_id", "version");

        MongoCollection<Document> log = database.getCollection(CONTACT_LOG);
        log.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "sequence"), new IndexOptions().unique(true));
        log.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "reservationId"), new IndexOptions().unique(true));
        log.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "sequence"));

        MongoCollection<Document> erasures = database.getCollection(ERASURES);
        Leases.createIndexes(erasures, indexes);
        erasures.createIndex(Indexes.ascending(MongoErasureStore.NEXT_ATTEMPT_TIME));

        MongoCustomerEventFeed.createIndexes(database, indexes);
        FeedDelivery.createIndexes(database.getCollection(FEED_DELIVERIES));
        DeadLetters.createIndexes(database.getCollection(DEAD_LETTERS));
    }
}
