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
}
