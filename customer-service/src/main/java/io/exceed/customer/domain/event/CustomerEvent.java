package io.exceed.customer.domain.event;

import java.time.Instant;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.Money;

/**
 * An event recorded in the same document as the change that caused it (the document's outbox), later relayed
 * into the customer event feed and delivered from there at least once.
 *
 * @param id           unique and stable: the feed stores an event once by this id
 * @param sourceId     what caused it: the timeline event, or the expectation snapshot that went stale
 * @param orderValue   ORDER_PLACED only
 * @param contractKind CONTRACT_EVENT only
 */
public record CustomerEvent(String id, CustomerEventType type, String customerId, String sourceId,
        Instant occurTime, Money orderValue, ContractEventKind contractKind) {

    /** The one stale-expectations event of a snapshot: its id derives from the snapshot, so a re-run adds none. */
    public static CustomerEvent expectationsStale(String customerId, String snapshotId, Instant occurTime) {
        return new CustomerEvent("expectations-stale-" + snapshotId, CustomerEventType.EXPECTATIONS_STALE, customerId,
                snapshotId, occurTime, null, null);
    }
}
