package io.exceed.customer.domain;

import java.time.Instant;

/**
 * The customer's feedback as of {@code asOf}, from the feedback-service event {@code eventId}; it may derive a new
 * relationship state. Fields the caller left out are null.
 */
public record ApplyFeedbackSummary(String customerId, String eventId, Instant asOf, FeedbackSummary summary) {
}
