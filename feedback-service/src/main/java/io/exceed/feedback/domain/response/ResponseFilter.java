package io.exceed.feedback.domain.response;

import java.time.Instant;

/** Which responses to list; null or empty parts do not filter. */
public record ResponseFilter(String surveyId, String customerId, Instant start, Instant end) {
}
