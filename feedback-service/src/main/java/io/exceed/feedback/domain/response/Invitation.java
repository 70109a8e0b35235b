package io.exceed.feedback.domain.response;

import io.exceed.feedback.domain.CustomerIds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A survey version sent to one customer, answerable once through its token until it expires. The segment is
 * copied onto the response; the expectations too when the customer's latest snapshot cannot be had then.
 */
public record Invitation(String id, String surveyId, int surveyVersion, String customerId, Channel channel,
        String language, Map<String, String> segment, List<ExpectedLevel> expectations, Instant expireTime,
        Instant createTime, String responseId) {

    public static Builder builder() {
        return new Builder();
    }

    /** Pending, responded or expired, as of {@code now}. */
    public InvitationState stateAt(Instant now) {
        if (responseId != null) {
            return InvitationState.RESPONDED;
        }
        if (CustomerIds.isPseudonym(customerId)) {
            return InvitationState.REVOKED;
        }
        return now.isBefore(expireTime) ? InvitationState.PENDING : InvitationState.EXPIRED;
    }

    /** An invitation built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String surveyId;
        private int surveyVersion;
        private String customerId;
        private Channel channel;
        private String language;
        private Map<String, String> segment = Map.of();
        private List<ExpectedLevel> expectations = List.of();
        private Instant expireTime;
        private Instant createTime;
        private String responseId;

        private Builder() {
        }

        public Builder id(String value) { id = value; return this; }
        public Builder surveyId(String value) { surveyId = value; return this; }
        public Builder surveyVersion(int value) { surveyVersion = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder channel(Channel value) { channel = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder segment(Map<String, String> value) { segment = value; return this; }
        public Builder expectations(List<ExpectedLevel> value) { expectations = value; return this; }
        public Builder expireTime(Instant value) { expireTime = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder responseId(String value) { responseId = value; return this; }

        public Invitation build() {
            return new Invitation(id, surveyId, surveyVersion, customerId, channel, language, segment, expectations,
                    expireTime, createTime, responseId);
        }
    }
}
