package io.exceed.followup.domain.followup;

import java.time.Instant;

/** One entry of a follow-up's history; {@code from} is null for the creation. */
public record FollowUpChange(Instant time, String actor, FollowUpStatus from, FollowUpStatus to, String description) {
}
