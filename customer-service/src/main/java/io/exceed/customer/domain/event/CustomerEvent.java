package io.exceed.customer.domain.event;

import java.time.Instant;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.Money;
import io.exceed.customer.domain.RelationshipState;

/**
 * An event recorded in the same document as the change that caused it (the document's outbox), later relayed
 * into the customer event feed and delivered from there at least once.
 *
 * @param id                   unique and stable: the feed stores an event once by this id
 * @param sourceId             what caused it: the timeline event, the expectation snapshot that went stale, or the
 *                             change of relationship state
 * @param orderValue           ORDER_PLACED only
 * @param contractKind         CONTRACT_EVENT only
 * @param relationship         RELATIONSHIP_CHANGED only: the new state
 * @param previousRelationship RELATIONSHIP_CHANGED only: the state before
 */
public record CustomerEvent(String id, CustomerEventType type, String customerId, String sourceId,
        Instant occurTime, Money orderValue, ContractEventKind contractKind, RelationshipState relationship,
        RelationshipState previousRelationship) {

    /** The order a timeline event records: the timeline event is its source and its id. */
    public static CustomerEvent orderPlaced(String timelineEventId, String customerId, Instant occurTime,
            Money value) {
        return new CustomerEvent(timelineEventId, CustomerEventType.ORDER_PLACED, customerId, timelineEventId,
                occurTime, value, null, null, null);
    }

    /** The contract event a timeline event records: the timeline event is its source and its id. */
    public static CustomerEvent contractEvent(String timelineEventId, String customerId, Instant occurTime,
            ContractEventKind kind) {
        return new CustomerEvent(timelineEventId, CustomerEventType.CONTRACT_EVENT, customerId, timelineEventId,
                occurTime, null, kind, null, null);
    }

    /** The one stale-expectations event of a snapshot: its id derives from the snapshot, so a re-run adds none. */
    public static CustomerEvent expectationsStale(String customerId, String snapshotId, Instant occurTime) {
        return new CustomerEvent("expectations-stale-" + snapshotId, CustomerEventType.EXPECTATIONS_STALE, customerId,
                snapshotId, occurTime, null, null, null, null);
    }

    /**
     * A change of relationship state, {@code changeId} naming it: the event is stored with the change, so the id is
     * the same however often the change is read and relayed, and a later change to the same state (at risk,
     * recovered, at risk again) is another change with another id.
     */
    public static CustomerEvent relationshipChanged(String changeId, String customerId, RelationshipState previous,
            RelationshipState changed, Instant occurTime) {
        return new CustomerEvent("relationship-" + changeId, CustomerEventType.RELATIONSHIP_CHANGED, customerId,
                changeId, occurTime, null, null, changed, previous);
    }
}
