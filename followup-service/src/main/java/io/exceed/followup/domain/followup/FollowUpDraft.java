package io.exceed.followup.domain.followup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

/**
 * A follow-up as asked for, before the rules check it. Unset enums, times and durations are null; so is the
 * contact window's zone when no window was given. A playbook whose SLA runs on a business calendar sets
 * {@code slaDeadline} itself; otherwise (null) the deadline is creation + {@code sla}.
 */
public record FollowUpDraft(
        String customerId,
        FollowUpReason reason,
        String sourceReference,
        String owner,
        ContactChannel channel,
        Priority priority,
        Instant dueTime,
        Instant promisedTime,
        Duration sla,
        boolean noSales,
        boolean hasContactWindow,
        String timeZone,
        LocalTime quietStart,
        LocalTime quietEnd,
        EscalationPolicy escalationPolicy,
        String playbook,
        Instant slaDeadline) {
}
