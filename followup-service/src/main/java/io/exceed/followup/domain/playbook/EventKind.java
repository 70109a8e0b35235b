package io.exceed.followup.domain.playbook;

/** The business events a playbook can react to. */
public enum EventKind {
    FEEDBACK_RESPONSE,
    COMPLAINT_OPENED,
    COMPLAINT_RESOLVED,
    TERMINATION_NOTICE,
    ORDER_PLACED,
    EXPECTATIONS_STALE,
    /** customer-service's relationship state became AT_RISK: once per change of state. */
    RELATIONSHIP_AT_RISK,
    /** customer-service's relationship state became ADVOCATE: once per change of state. */
    RELATIONSHIP_ADVOCATE;

    boolean isComplaint() {
        return this == COMPLAINT_OPENED || this == COMPLAINT_RESOLVED;
    }
}
