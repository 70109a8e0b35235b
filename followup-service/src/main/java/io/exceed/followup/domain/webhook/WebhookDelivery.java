package io.exceed.followup.domain.webhook;

import java.time.Instant;
import java.util.List;

import io.exceed.followup.domain.event.FollowUpEventType;

/**
 * One event for one endpoint. The body is fixed when the event occurs, so every attempt and replay sends the
 * same bytes under the same webhook-id (the event id).
 *
 * @param nextAttemptTime when the next attempt is due, while PENDING
 * @param attempts        the latest attempts, oldest first
 * @param attemptCount    attempts since the delivery was created or last replayed
 */
public record WebhookDelivery(
        String id,
        String endpointId,
        String eventId,
        FollowUpEventType eventType,
        String body,
        DeliveryState state,
        Instant nextAttemptTime,
        List<DeliveryAttempt> attempts,
        int attemptCount,
        Instant createTime,
        Instant updateTime) {

    /** Attempts the delivery log keeps per delivery. */
    public static final int KEPT_ATTEMPTS = 20;

    public WebhookDelivery {
        attempts = List.copyOf(attempts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A delivery built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String endpointId;
        private String eventId;
        private FollowUpEventType eventType;
        private String body;
        private DeliveryState state;
        private Instant nextAttemptTime;
        private List<DeliveryAttempt> attempts = List.of();
        private int attemptCount;
        private Instant createTime;
        private Instant updateTime;

        private Builder() {
        }

        private Builder(WebhookDelivery from) {
            this.id = from.id;
            this.endpointId = from.endpointId;
            this.eventId = from.eventId;
            this.eventType = from.eventType;
            this.body = from.body;
            this.state = from.state;
            this.nextAttemptTime = from.nextAttemptTime;
            this.attempts = from.attempts;
            this.attemptCount = from.attemptCount;
            this.createTime = from.createTime;
            this.updateTime = from.updateTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder endpointId(String value) { endpointId = value; return this; }
        public Builder eventId(String value) { eventId = value; return this; }
        public Builder eventType(FollowUpEventType value) { eventType = value; return this; }
        public Builder body(String value) { body = value; return this; }
        public Builder state(DeliveryState value) { state = value; return this; }
        public Builder nextAttemptTime(Instant value) { nextAttemptTime = value; return this; }
        public Builder attempts(List<DeliveryAttempt> value) { attempts = value; return this; }
        public Builder attemptCount(int value) { attemptCount = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder updateTime(Instant value) { updateTime = value; return this; }

        public WebhookDelivery build() {
            return new WebhookDelivery(id, endpointId, eventId, eventType, body, state, nextAttemptTime, attempts,
                    attemptCount, createTime, updateTime);
        }
    }
}
