package io.exceed.feedback.domain.analytics;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.exceed.feedback.domain.Dimension;

/** Which responses to score: submitted in [start, end), optionally one survey, a segment, some dimensions. */
public record ResponseQuery(Instant start, Instant end, String surveyId, Map<String, String> segment,
        Set<Dimension> dimensions) {
}
