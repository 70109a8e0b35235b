package io.exceed.followup.domain.followup;

import java.util.Optional;
import java.util.OptionalLong;

/** Someone else owns the follow-up from now on. An expected revision, when given, must be the current one. */
public record ReassignFollowUp(String id, String owner, String actor, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
