package io.exceed.followup.domain.followup;

import java.util.Optional;
import java.util.OptionalLong;

/** The follow-up is no longer needed, for this reason. An expected revision, when given, must be the current one. */
public record CancelFollowUp(String id, String reason, String actor, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
