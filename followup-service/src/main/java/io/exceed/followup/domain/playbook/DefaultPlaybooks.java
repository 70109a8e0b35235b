package io.exceed.followup.domain.playbook;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.calendar.WorkingHours;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.Priority;

/** The playbooks every tenant starts with, from the design's operating rules, by a stable key. */
public final class DefaultPlaybooks {

    private DefaultPlaybooks() {
    }

    /**
     * The retention meeting and the at-risk recovery call run on Monday-to-Friday 09:00-17:00 in the customer's own
     * time zone, so their business days are the customer's, and office hours never fall in the customer's night.
     *
     * @param largeOrder  the order value from which an order counts as large
     */
    public static Map<String, PlaybookDefinition> definitions(Money largeOrder) {
        List<WorkingHours> officeHours = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY).stream()
                .map(day -> new WorkingHours(day, LocalTime.of(9, 0), LocalTime.of(17, 0))).toList();
        Map<String, PlaybookDefinition> defaults = new LinkedHashMap<>();
        defaults.put("detractor-recovery", new PlaybookDefinition("Detractor: contact within 24 hours",
                new Trigger(EventKind.FEEDBACK_RESPONSE, 6, null, null),
                action(FollowUpReason.DETRACTOR_RECOVERY, Duration.ZERO, Duration.ofHours(24), 0, ContactChannel.PHONE,
                        Priority.HIGH),
                EscalationPolicy.defaults(), null));
        // Every complaint is acknowledged by a call, the sooner the graver; the first that matches wins.
        defaults.put("complaint-acknowledgement-critical", new PlaybookDefinition(
                "Critical complaint: call to acknowledge within 1 hour",
                new Trigger(EventKind.COMPLAINT_OPENED, null, Severity.CRITICAL, null),
                action(FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT, Duration.ZERO, Duration.ofHours(1), 0,
                        ContactChannel.PHONE, Priority.URGENT),
                EscalationPolicy.defaults(), null));
        defaults.put("complaint-acknowledgement-high", new PlaybookDefinition(
                "Serious complaint: call to acknowledge within 4 hours",
                new Trigger(EventKind.COMPLAINT_OPENED, null, Severity.HIGH, null),
                action(FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT, Duration.ZERO, Duration.ofHours(4), 0,
                        ContactChannel.PHONE, Priority.HIGH),
                EscalationPolicy.defaults(), null));
        defaults.put("complaint-acknowledgement", new PlaybookDefinition(
                "Complaint: call to acknowledge within 24 hours",
                new Trigger(EventKind.COMPLAINT_OPENED, null, null, null),
                action(FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT, Duration.ZERO, Duration.ofHours(24), 0,
                        ContactChannel.PHONE, Priority.NORMAL),
                EscalationPolicy.defaults(), null));
        defaults.put("post-resolution-check-in", new PlaybookDefinition("Resolved complaint: check in after 3 days",
                new Trigger(EventKind.COMPLAINT_RESOLVED, null, null, null),
                action(FollowUpReason.POST_RESOLUTION_CHECK_IN, Duration.ofDays(3), Duration.ofDays(2), 0,
                        ContactChannel.PHONE, Priority.NORMAL),
                EscalationPolicy.defaults(), null));
        defaults.put("retention-meeting", new PlaybookDefinition(
                "Termination notice: retention meeting within one business day",
                new Trigger(EventKind.TERMINATION_NOTICE, null, null, null),
                action(FollowUpReason.RETENTION_MEETING, Duration.ZERO, null, 1, ContactChannel.IN_PERSON,
                        Priority.URGENT),
                EscalationPolicy.defaults(), new BusinessCalendar(null, officeHours, Set.of())));
        defaults.put("large-order-check-in", new PlaybookDefinition("Large order: check in 7 days after",
                new Trigger(EventKind.ORDER_PLACED, null, null, largeOrder),
                action(FollowUpReason.LARGE_ORDER_CHECK_IN, Duration.ofDays(7), Duration.ofDays(3), 0,
                        ContactChannel.PHONE, Priority.NORMAL),
                EscalationPolicy.defaults(), null));
        defaults.put("expectation-refresh", new PlaybookDefinition("Stale expectations: ask again",
                new Trigger(EventKind.EXPECTATIONS_STALE, null, null, null),
                action(FollowUpReason.EXPECTATION_REFRESH, Duration.ZERO, Duration.ofDays(14), 0, ContactChannel.EMAIL,
                        Priority.LOW),
                EscalationPolicy.defaults(), null));
        // Reached before they become a detractor: a call within two of the customer's business days, unhurried
        // beside the complaint's own acknowledgement call but before the week is out.
        defaults.put("at-risk-recovery", new PlaybookDefinition(
                "At risk: recovery call within two business days",
                new Trigger(EventKind.RELATIONSHIP_AT_RISK, null, null, null),
                action(FollowUpReason.AT_RISK_RECOVERY, Duration.ZERO, null, 2, ContactChannel.PHONE, Priority.HIGH),
                EscalationPolicy.defaults(), new BusinessCalendar(null, officeHours, Set.of())));
        // A thank-you, never a sales call: by e-mail, and no selling in it.
        defaults.put("advocate-thanks", new PlaybookDefinition("Advocate: thank them within 3 days",
                new Trigger(EventKind.RELATIONSHIP_ADVOCATE, null, null, null),
                Action.builder().reason(FollowUpReason.ADVOCATE_THANKS).delay(Duration.ZERO).sla(Duration.ofDays(3))
                        .channel(ContactChannel.EMAIL).priority(Priority.LOW).ownerStrategy(OwnerStrategy.ACCOUNT_OWNER)
                        .noSales(true).build(),
                EscalationPolicy.defaults(), null));
        return defaults;
    }

    private static Action action(FollowUpReason reason, Duration delay, Duration sla, int slaBusinessDays,
            ContactChannel channel, Priority priority) {
        return Action.builder().reason(reason).delay(delay).sla(sla).slaBusinessDays(slaBusinessDays).channel(channel)
                .priority(priority).ownerStrategy(OwnerStrategy.ACCOUNT_OWNER).build();
    }
}
