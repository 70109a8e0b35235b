package io.exceed.customer.domain.event;

/** What happened to a customer that other services may react to. */
public enum CustomerEventType {
    /** An order on the timeline, with its value. */
    ORDER_PLACED,
    /** A contract event on the timeline, of any kind (termination notice, downgrade, upgrade, renewal). */
    CONTRACT_EVENT,
    /** The customer's latest expectation snapshot became older than the stale age. */
    EXPECTATIONS_STALE,
    /** The customer's relationship state changed, to any state, with the state before. */
    RELATIONSHIP_CHANGED
}
