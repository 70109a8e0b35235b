package io.exceed.feedback.domain.survey;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Change the draft's fields that {@code mask} names to those of {@code patch}. An expected revision, when given,
 * must be the current one.
 */
public record UpdateSurvey(String id, Survey patch, List<String> mask, OptionalLong expectedRevision,
        Optional<String> requestId) {
}
