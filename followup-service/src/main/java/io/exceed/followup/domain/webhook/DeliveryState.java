package io.exceed.followup.domain.webhook;

/** Where a delivery stands. */
public enum DeliveryState {
    /** Waiting for its next attempt. */
    PENDING,
    DELIVERED,
    /** Given up: rejected, refused, or out of attempts. */
    FAILED,
    /** Its endpoint is disabled for failing; sent when the endpoint is enabled again. */
    HELD
}
