package io.exceed.followup.store;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Feed;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Leases;

/**
 * The collections of followup-service's own database, and every index it needs. Every document carries
 * {@code tenant}; every index a query uses starts with it.
 *
 * <ul>
 * <li>{@value #FOLLOW_UPS}: one document per follow-up, with its history, the next milestone's time
 * ({@code nextFireTime}) and the scheduler's lease ({@code leaseOwner}, {@code leaseUntil}).</li>
 * <li>{@value #FOLLOW_UP_EVENTS}: the tenant's event feed (due, warning, breach, escalation), keyed by event id,
 * numbered per tenant through {@value #FOLLOW_UP_EVENT_SEQUENCES}.</li>
 * <li>{@value #PLAYBOOKS}: one document per playbook, its latest definition and every version's.</li>
 * <li>{@value #PLAYBOOK_TURNS}: one round-robin counter per playbook ({@code _id} tenant/playbook id).</li>
 * <li>{@value #WEBHOOK_ENDPOINTS}: the tenants' webhook endpoints, secrets encrypted.</li>
 * <li>{@value #WEBHOOK_DELIVERIES}: one document per event and endpoint: its body, state, attempts and lease.</li>
 * <li>{@value #DEAD_LETTERS}: follow-ups whose contact check customer-service refused for good, until a retry
 * succeeds.</li>
 * </ul>
 */
public final class FollowUpCollections {

    public static final String FOLLOW_UPS = "follow_ups";
    public static final String WEBHOOK_ENDPOINTS = "webhook_endpoints";
    public static final String WEBHOOK_DELIVERIES = "webhook_deliveries";
    public static final String FOLLOW_UP_EVENTS = "follow_up_events";
    public static final String FOLLOW_UP_EVENT_SEQUENCES = "follow_up_event_sequences";
    public static final String PLAYBOOKS = "playbooks";
    public static final String PLAYBOOK_TURNS = "playbook_turns";
    public static final String DEAD_LETTERS = "dead_letters";

    private FollowUpCollections() {
    }

    /** Every index of the database: lookups and lists on MongoDB, and the unique ones that arbitrate races. */
    public static void createIndexes(MongoDatabase database, ExactKeyIndexes indexes) {
        MongoCollection<Document> followUps = database.getCollection(FOLLOW_UPS);
        IdempotentInsert.createIndex(followUps);
        indexes.ensure(followUps, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(followUps, TenantScope.TENANT_FIELD, "_id", "revision");
        followUps.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "sourceReference", "reason"),
                new IndexOptions().unique(true));
        followUps.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "customerId", "status"));
        followUps.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "owner", "status"));
        followUps.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "promisedTime"));
        followUps.createIndex(Indexes.ascending(MongoFollowUpStore.NEXT_FIRE_TIME));
        Leases.createIndexes(followUps, indexes);

        MongoCollection<Document> playbooks = database.getCollection(PLAYBOOKS);
        IdempotentInsert.createIndex(playbooks);
        indexes.ensure(playbooks, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(playbooks, TenantScope.TENANT_FIELD, "_id", "revision");
        indexes.ensure(database.getCollection(PLAYBOOK_TURNS), TenantScope.TENANT_FIELD, "_id");
        playbooks.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "eventKind", "state"));

        MongoCollection<Document> endpoints = database.getCollection(WEBHOOK_ENDPOINTS);
        IdempotentInsert.createIndex(endpoints);
        indexes.ensure(endpoints, TenantScope.TENANT_FIELD, "_id");
        indexes.ensure(endpoints, TenantScope.TENANT_FIELD, "_id", "revision");

        MongoCollection<Document> deliveries = database.getCollection(WEBHOOK_DELIVERIES);
        Leases.createIndexes(deliveries, indexes);
        indexes.ensure(deliveries, TenantScope.TENANT_FIELD, "_id");
        deliveries.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "eventId", "endpointId"),
                new IndexOptions().unique(true));
        deliveries.createIndex(Indexes.ascending(MongoDeliveryStore.NEXT_ATTEMPT_TIME));
        deliveries.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, "endpointId", "state"));

        Feed.createIndexes(database, FOLLOW_UP_EVENTS, indexes);
        DeadLetters.createIndexes(database.getCollection(DEAD_LETTERS));
    }
}
