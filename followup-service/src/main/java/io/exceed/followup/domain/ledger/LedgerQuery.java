package io.exceed.followup.domain.ledger;

import java.time.Instant;

import io.exceed.followup.domain.followup.FollowUpReason;

/**
 * Which follow-ups the ledger counts: those promised in [start, end), optionally of one owner (null or empty:
 * any) and one reason (null: any), broken down by {@code grouping}.
 */
public record LedgerQuery(Instant start, Instant end, String owner, FollowUpReason reason, LedgerGrouping grouping) {
}
