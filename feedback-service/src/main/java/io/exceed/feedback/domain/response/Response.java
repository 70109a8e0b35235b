package io.exceed.feedback.domain.response;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer's answers to one survey version, with the expectations they are compared with, snapshotted so the
 * gaps stay true when the customer's expectations change later. {@code nps}, {@code csat} and {@code ces} are
 * the answers to the version's one question of that kind (null when not asked or not answered).
 */
public record Response(String id, String surveyId, int surveyVersion, String customerId, String invitationId,
        ResponseSource source, String language, List<Answer> answers, Map<String, String> segment,
        List<ExpectedLevel> expectations, List<DimensionGap> gaps, Integer nps, Integer csat, Integer ces,
        Instant submitTime, Instant recordTime) {

    /** NPS 0 to 6: the customer would not recommend us. */
    public boolean isDetractor() {
        return nps != null && nps <= 6;
    }
}
