package io.exceed.customer.domain;

import java.time.Instant;
import java.util.List;

/**
 * The governor's answer: a grant, or a denial with its reason and the earliest time that could change. A denial that
 * no waiting changes (no consent, no address mail still reaches) names the channels the customer does allow and can
 * be reached on, so the caller can use one of those instead.
 */
public record ContactDecision(ContactGrant grant, DenialReason denialReason, Instant nextAllowedTime,
        List<Channel> allowedChannels) {

    public ContactDecision {
        allowedChannels = List.copyOf(allowedChannels);
    }

    /** Why a contact was denied. */
    public enum DenialReason {
        NO_CONSENT, QUIET_HOURS, BUDGET_EXHAUSTED, UNDELIVERABLE
    }

    public static ContactDecision granted(ContactGrant grant) {
        return new ContactDecision(grant, null, null, List.of());
    }

    public static ContactDecision denied(DenialReason reason, Instant nextAllowedTime) {
        return new ContactDecision(null, reason, nextAllowedTime, List.of());
    }

    public static ContactDecision noConsent(List<Channel> allowedChannels) {
        return new ContactDecision(null, DenialReason.NO_CONSENT, null, allowedChannels);
    }

    public static ContactDecision undeliverable(List<Channel> otherChannels) {
        return new ContactDecision(null, DenialReason.UNDELIVERABLE, null, otherChannels);
    }

    public boolean isGranted() {
        return grant != null;
    }
}
