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

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An event built field by field, by name: a response's event sets the response's fields, a complaint's the
     * complaint's, and the others stay null.
     */
    public static final class Builder {
        private String id;
        private FeedbackEventType type;
        private String customerId;
        private String responseId;
        private String surveyId;
        private Integer npsScore;
        private String complaintId;
        private String category;
        private String severity;
        private Instant occurTime;

        private Builder() {
        }

        public Builder id(String value) { id = value; return this; }
        public Builder type(FeedbackEventType value) { type = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder responseId(String value) { responseId = value; return this; }
        public Builder surveyId(String value) { surveyId = value; return this; }
        public Builder npsScore(Integer value) { npsScore = value; return this; }
        public Builder complaintId(String value) { complaintId = value; return this; }
        public Builder category(String value) { category = value; return this; }
        public Builder severity(String value) { severity = value; return this; }
        public Builder occurTime(Instant value) { occurTime = value; return this; }

        public FeedbackEvent build() {
            return new FeedbackEvent(id, type, customerId, responseId, surveyId, npsScore, complaintId, category,
                    severity, occurTime);
        }
    }
}
