package io.exceed.feedback.domain.complaint;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reopen a resolved or closed complaint, for this reason. An expected revision, when given, must be the current
 * one.
 */
public record ReopenComplaint(String id, String reason, OptionalLong expectedRevision, Optional<String> requestId) {
}
