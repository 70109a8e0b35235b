package io.exceed.followup.domain.followup;

import java.util.Optional;
import java.util.OptionalLong;

/** The owner made contact. An expected revision, when given, must be the current one. */
public record StartFollowUp(String id, String actor, OptionalLong expectedRevision, Optional<String> requestId) {
}
