package io.exceed.followup.domain.webhook;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import io.exceed.followup.domain.event.FollowUpEventType;

/** Replace the endpoint's URL, description and event types. An expected revision, when given, must be current. */
public record UpdateWebhookEndpoint(String id, String url, String description, Set<FollowUpEventType> types,
        OptionalLong expectedRevision, Optional<String> requestId) {
}
