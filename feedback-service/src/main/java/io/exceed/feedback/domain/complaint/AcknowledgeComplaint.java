package io.exceed.feedback.domain.complaint;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Acknowledge an open complaint with this message, or with the tenant's template when it is blank. An expected
 * revision, when given, must be the current one.
 */
public record AcknowledgeComplaint(String id, String message, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
