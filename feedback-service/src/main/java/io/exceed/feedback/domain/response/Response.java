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

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** NPS 0 to 6: the customer would not recommend us. */
    public boolean isDetractor() {
        return nps != null && nps <= 6;
    }

    /** A response built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String surveyId;
        private int surveyVersion;
        private String customerId;
        private String invitationId;
        private ResponseSource source;
        private String language;
        private List<Answer> answers = List.of();
        private Map<String, String> segment = Map.of();
        private List<ExpectedLevel> expectations = List.of();
        private List<DimensionGap> gaps = List.of();
        private Integer nps;
        private Integer csat;
        private Integer ces;
        private Instant submitTime;
        private Instant recordTime;

        private Builder() {
        }

        private Builder(Response from) {
            this.id = from.id;
            this.surveyId = from.surveyId;
            this.surveyVersion = from.surveyVersion;
            this.customerId = from.customerId;
            this.invitationId = from.invitationId;
            this.source = from.source;
            this.language = from.language;
            this.answers = from.answers;
            this.segment = from.segment;
            this.expectations = from.expectations;
            this.gaps = from.gaps;
            this.nps = from.nps;
            this.csat = from.csat;
            this.ces = from.ces;
            this.submitTime = from.submitTime;
            this.recordTime = from.recordTime;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder surveyId(String value) { surveyId = value; return this; }
        public Builder surveyVersion(int value) { surveyVersion = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder invitationId(String value) { invitationId = value; return this; }
        public Builder source(ResponseSource value) { source = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder answers(List<Answer> value) { answers = value; return this; }
        public Builder segment(Map<String, String> value) { segment = value; return this; }
        public Builder expectations(List<ExpectedLevel> value) { expectations = value; return this; }
        public Builder gaps(List<DimensionGap> value) { gaps = value; return this; }
        public Builder nps(Integer value) { nps = value; return this; }
        public Builder csat(Integer value) { csat = value; return this; }
        public Builder ces(Integer value) { ces = value; return this; }
        public Builder submitTime(Instant value) { submitTime = value; return this; }
        public Builder recordTime(Instant value) { recordTime = value; return this; }

        public Response build() {
            return new Response(id, surveyId, surveyVersion, customerId, invitationId, source, language, answers,
                    segment, expectations, gaps, nps, csat, ces, submitTime, recordTime);
        }
    }
}
