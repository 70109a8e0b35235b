package io.exceed.followup.domain.followup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.exceed.followup.domain.calendar.BusinessCalendar;

/**
 * A warning to the owner when {@code warningPercent} of the SLA has passed, a breach at the deadline, then the
 * steps in order: functional escalation first (e.g. the team lead), then hierarchical (e.g. the manager). With a
 * {@code calendar} (the playbook's, in the customer's zone where it follows the customer) the warning's share and the
 * steps' delays count working time only, so neither lands at midnight or on a weekend; without one, wall-clock time.
 */
public record EscalationPolicy(int warningPercent, List<EscalationStep> steps, BusinessCalendar calendar) {

    public static final int DEFAULT_WARNING_PERCENT = 75;
    public static final int MAX_STEPS = 5;

    public EscalationPolicy {
        steps = List.copyOf(steps);
    }

    public EscalationPolicy(int warningPercent, List<EscalationStep> steps) {
        this(warningPercent, steps, null);
    }

    /**
     * A warning at 75 % of the SLA; after a breach, the team lead (functional) after 2 hours, then the head of customer
     * care (hierarchical) after 8: overdue work climbs instead of sitting.
     */
    public static EscalationPolicy defaults() {
        return new EscalationPolicy(DEFAULT_WARNING_PERCENT, List.of(
                new EscalationStep("team-lead", Duration.ofHours(2)),
                new EscalationStep("head-of-customer-care", Duration.ofHours(8))));
    }

    /** The same policy counting in {@code workingTime}. */
    public EscalationPolicy on(BusinessCalendar workingTime) {
        return new EscalationPolicy(warningPercent, steps, workingTime);
    }

    /** When the warning is due for an SLA from {@code start} to {@code deadline}. */
    public Instant warningTime(Instant start, Instant deadline) {
        if (calendar == null) {
            Duration sla = Duration.between(start, deadline);
            return start.plus(sla.multipliedBy(warningPercent).dividedBy(100));
        }
        Duration sla = calendar.workingTimeBetween(start, deadline);
        return calendar.plusWorkingTime(start, sla.multipliedBy(warningPercent).dividedBy(100));
    }

    /** When step {@code step} escalates, for an SLA that ended at {@code deadline}. */
    public Instant stepTime(int step, Instant deadline) {
        Duration after = steps.get(step).afterBreach();
        return calendar == null ? deadline.plus(after) : calendar.plusWorkingTime(deadline, after);
    }
}
