package io.exceed.customer.domain;

import java.time.Instant;

/** The governor's answer: a grant, or a denial with its reason and the earliest time that could change. */
public record ContactDecision(ContactGrant grant, DenialReason denialReason, Instant nextAllowedTime) {

    /** Why a contact was denied. */
    public enum DenialReason {
        NO_CONSENT, QUIET_HOURS, BUDGET_EXHAUSTED
    }

    public static ContactDecision granted(ContactGrant grant) {
        return new ContactDecision(grant, null, null);
    }

    public static ContactDecision denied(DenialReason reason, Instant nextAllowedTime) {
        return new ContactDecision(null, reason, nextAllowedTime);
    }

    public boolean isGranted() {
        return grant != null;
    }
}
