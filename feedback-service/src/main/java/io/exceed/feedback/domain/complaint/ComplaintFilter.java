package io.exceed.feedback.domain.complaint;

import java.time.Instant;

/** Which complaints to list; null or empty parts do not filter. */
public record ComplaintFilter(String customerId, ComplaintState state, String categoryKey, Instant start, Instant end) {
}
