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
}
