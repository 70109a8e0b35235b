package io.exceed.followup.domain.followup;

import java.time.Instant;

/** Which follow-ups a listing returns; null or empty fields do not filter. */
public record FollowUpFilter(String customerId, String owner, FollowUpStatus status, FollowUpReason reason,
        Instant dueBefore) {
}
