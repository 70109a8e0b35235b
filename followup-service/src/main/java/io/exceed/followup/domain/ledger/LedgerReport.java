package io.exceed.followup.domain.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.exceed.followup.domain.followup.FollowUpReason;

/**
 * The figures over every follow-up counted, and per group (none when not grouped), as they stood at
 * {@code computeTime} with {@code beatTolerance}: what is pending or broken depends on both.
 */
public record LedgerReport(Instant computeTime, Duration beatTolerance, LedgerFigures total, List<Group> groups) {

    public LedgerReport {
        groups = List.copyOf(groups);
    }

    /** One owner's, reason's, or owner and reason's figures; the part not grouped by is null. */
    public record Group(String owner, FollowUpReason reason, LedgerFigures figures) {
    }
}
