package io.exceed.followup.domain.followup;

import java.util.List;

/**
 * A warning to the owner when {@code warningPercent} of the SLA has passed, a breach at the deadline, then the
 * steps in order: functional escalation first (e.g. the team lead), then hierarchical (e.g. the manager).
 */
public record EscalationPolicy(int warningPercent, List<EscalationStep> steps) {

    public static final int DEFAULT_WARNING_PERCENT = 75;
    public static final int MAX_STEPS = 5;

    public EscalationPolicy {
        steps = List.copyOf(steps);
    }

    public static EscalationPolicy defaults() {
        return new EscalationPolicy(DEFAULT_WARNING_PERCENT, List.of());
    }
}
