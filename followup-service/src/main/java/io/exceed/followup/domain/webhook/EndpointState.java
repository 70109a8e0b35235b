package io.exceed.followup.domain.webhook;

/** Whether an endpoint is sent events. */
public enum EndpointState {
    ENABLED,
    /** Disabled by a caller. */
    DISABLED,
    /** Disabled because every attempt failed for longer than the failure period; its deliveries are held. */
    DISABLED_FAILING
}
