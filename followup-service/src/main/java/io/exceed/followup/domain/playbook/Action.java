package io.exceed.followup.domain.playbook;

import java.time.Duration;
import java.util.List;

import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.Priority;

/**
 * The follow-up a playbook schedules: due {@code delay} after the event, to be done within the SLA after that,
 * given either as a duration ({@code sla}) or in business days ({@code slaBusinessDays} &gt; 0). Unset enums and
 * the unused SLA form are null (0 for business days).
 */
public record Action(
        FollowUpReason reason,
        Duration delay,
        Duration sla,
        int slaBusinessDays,
        ContactChannel channel,
        Priority priority,
        OwnerStrategy ownerStrategy,
        List<String> team,
        boolean noSales) {

    public Action {
        team = List.copyOf(team);
    }
}
