package io.exceed.feedback.domain.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event recorded in the same document as the change that caused it (the document's outbox), later
 * relayed into the tenant's feed, where it gets its sequence. Fields that do not apply to the type are
 * null.
 */
public record FeedbackEvent(
        String id,
        FeedbackEventType type,
        String customerId,
        String responseId,
        String surveyId,
        Integer npsScore,
        String complaintId,
        String category,
        String severity,
        Instant occurTime) {

    public FeedbackEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(occurTime, "occurTime");
    }

    public static FeedbackEvent forResponse(String id, FeedbackEventType type, String customerId, String responseId,
            String surveyId, Integer npsScore, Instant occurTime) {
        return new FeedbackEvent(id, type, customerId, responseId, surveyId, npsScore, null, null, null, occurTime);
    }

    public static FeedbackEvent forComplaint(String id, FeedbackEventType type, String customerId, String complaintId,
            String category, String severity, Instant occurTime) {
        return new FeedbackEvent(id, type, customerId, null, null, null, complaintId, category, severity, occurTime);
    }
}
