package io.exceed.followup.domain.playbook;

import java.time.Instant;
import java.time.LocalTime;

/**
 * A business event to evaluate playbooks against. Facts that do not apply to its kind are null; so is the
 * contact window's zone when no window was given.
 */
public record PlaybookEvent(
        EventKind kind,
        String customerId,
        String sourceReference,
        Instant occurTime,
        Integer npsScore,
        Severity severity,
        Money orderValue,
        String accountOwner,
        boolean hasContactWindow,
        String timeZone,
        LocalTime quietStart,
        LocalTime quietEnd) {

    /** The event with the account owner it lacked, taken from elsewhere (the customer's profile). */
    public PlaybookEvent withAccountOwner(String owner) {
        return new PlaybookEvent(kind, customerId, sourceReference, occurTime, npsScore, severity, orderValue, owner,
                hasContactWindow, timeZone, quietStart, quietEnd);
    }

    /** The event with the contact window it lacked; the quiet hours are null when the window names none. */
    public PlaybookEvent withContactWindow(String zone, LocalTime start, LocalTime end) {
        return new PlaybookEvent(kind, customerId, sourceReference, occurTime, npsScore, severity, orderValue,
                accountOwner, true, zone, start, end);
    }
}
