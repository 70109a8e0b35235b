package io.exceed.eventing;

import java.time.Instant;

/** An event as it stands in a tenant's feed: its position, and when it was appended there. */
public record FeedEntry<E>(long sequence, E event, Instant appendTime) {
}
