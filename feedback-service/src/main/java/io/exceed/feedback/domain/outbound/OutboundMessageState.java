package io.exceed.feedback.domain.outbound;

/** Where an outbound message stands; SENT, FAILED, BOUNCED and SKIPPED are final. */
public enum OutboundMessageState {
    /** Stored, to be sent as soon as a replica claims it. */
    QUEUED,
    /** Accepted by the tenant's SMTP server. */
    SENT,
    /** To be tried again later: a temporary failure, or the contact governor asked to wait. */
    DEFERRED,
    /** Given up: failed too often, or cannot be sent (no address, no channel). */
    FAILED,
    /** Refused for good by the SMTP server (5xx). */
    BOUNCED,
    /** Not sent by decision: no consent, or the invitation is no longer pending. */
    SKIPPED;

    public boolean isFinal() {
        return this == SENT || this == FAILED || this == BOUNCED || this == SKIPPED;
    }
}
