package io.exceed.followup.domain.followup;

import java.time.Duration;

/** Who is told, and becomes responsible for unblocking, this long after the SLA deadline. */
public record EscalationStep(String target, Duration afterBreach) {
}
