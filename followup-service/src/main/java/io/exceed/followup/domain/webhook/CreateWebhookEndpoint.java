package io.exceed.followup.domain.webhook;

import java.util.Optional;
import java.util.Set;

import io.exceed.followup.domain.event.FollowUpEventType;

/** Register a URL to receive the tenant's follow-up events of these types (all when empty). */
public record CreateWebhookEndpoint(String url, String description, Set<FollowUpEventType> types,
        Optional<String> requestId) {
}
