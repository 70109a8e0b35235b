package io.exceed.followup.domain.followup;

import java.util.Optional;
import java.util.OptionalLong;

/** The promise was kept, with this outcome. An expected revision, when given, must be the current one. */
public record CompleteFollowUp(String id, Outcome outcome, String actor, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
