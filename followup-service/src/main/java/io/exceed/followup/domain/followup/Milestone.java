package io.exceed.followup.domain.followup;

import java.time.Instant;
import java.util.Locale;

/**
 * The next thing the scheduler must do for a follow-up, and when. {@code step} is the escalation step's index
 * (0 for other kinds). The key is stable, so repeating a milestone after a crash repeats the same event id.
 */
public record Milestone(MilestoneKind kind, Instant time, int step) {

    public String key() {
        return kind == MilestoneKind.ESCALATION ? "escalation-" + (step + 1) : kind.name().toLowerCase(Locale.ROOT);
    }
}
