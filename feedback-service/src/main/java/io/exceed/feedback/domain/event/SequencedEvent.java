package io.exceed.feedback.domain.event;

import java.time.Instant;

/** An event as it stands in the tenant's feed: its position, and when it was relayed there. */
public record SequencedEvent(long sequence, FeedbackEvent event, Instant relayTime) {
}
