package io.exceed.feedback.domain.complaint;

import java.util.Optional;
import java.util.OptionalLong;

/** Resolve the complaint with this remedy and cause. An expected revision, when given, must be the current one. */
public record ResolveComplaint(String id, Resolution resolution, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
