package io.exceed.followup.domain.playbook;

import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.followup.EscalationPolicy;

/** What one version of a playbook says; the calendar is null when the SLA runs on the plain clock. */
public record PlaybookDefinition(String displayName, Trigger trigger, Action action,
        EscalationPolicy escalationPolicy, BusinessCalendar calendar) {
}
