package io.exceed.followup.domain.event;

import java.time.Instant;

import io.exceed.followup.domain.followup.FollowUp;

/**
 * A milestone the scheduler reached. The id is derived from the follow-up and the milestone, so reaching the
 * same milestone again after a crash yields the same event, which every consumer can de-duplicate.
 *
 * @param followUp         the follow-up once the milestone was applied
 * @param escalationTarget who was told, for ESCALATED; null otherwise
 * @param occurTime        when the milestone was due
 */
public record FollowUpEvent(String id, FollowUpEventType type, FollowUp followUp, String escalationTarget,
        Instant occurTime) {
}
