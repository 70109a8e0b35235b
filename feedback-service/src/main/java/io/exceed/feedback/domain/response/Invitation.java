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
}
