package io.exceed.feedback.domain.analytics;

import java.time.Instant;

/** One customer's feedback at a glance, for the 360 view and the relationship state. */
public record CustomerFeedbackSummary(String customerId, long responseCount, Integer latestNps, Integer latestCsat,
        Integer latestCes, Instant latestResponseTime, Trend npsTrend, long openComplaintCount, long complaintCount) {

    /** How the customer's NPS answers move: the latest against the mean of up to five before it. */
    public enum Trend {
        UNKNOWN, IMPROVING, STABLE, DECLINING
    }

    /** A response's scores, newest first as the store returns them. */
    public record Scored(Integer nps, Integer csat, Integer ces, Instant submitTime) {
    }
}
