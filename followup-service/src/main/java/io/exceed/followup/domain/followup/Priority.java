package io.exceed.followup.domain.followup;

/** How urgent a follow-up is. */
public enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
}
