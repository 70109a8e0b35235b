package io.exceed.eventing;

/** An event as it stands in a tenant's feed: its position and the event. */
public record FeedEntry<E>(long sequence, E event) {
}
