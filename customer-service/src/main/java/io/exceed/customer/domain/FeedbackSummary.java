package io.exceed.customer.domain;

import io.exceed.defaults.error.Violations;

/**
 * A customer's feedback at a glance, as feedback-service reports it after each response and complaint change:
 * customer-service's own copy of that integration message. Scores are null when never answered.
 */
public record FeedbackSummary(long responseCount, Integer latestNps, Integer latestCsat, Trend npsTrend,
        long openComplaintCount, long complaintCount) {

    /** How the NPS answers move: the latest against the mean of the few before it. */
    public enum Trend {
        UNKNOWN, IMPROVING, STABLE, DECLINING
    }

    /** Checks the figures; problems are added under {@code prefix}. */
    public static void check(FeedbackSummary summary, String prefix, Violations violations) {
        violations.require(summary.responseCount() >= 0, prefix + "response_count", "must be at least 0");
        violations.require(summary.latestNps() == null || summary.latestNps() >= 0 && summary.latestNps() <= 10,
                prefix + "latest_nps", "must be 0 to 10");
        violations.require(summary.latestCsat() == null || summary.latestCsat() >= 1 && summary.latestCsat() <= 5,
                prefix + "latest_csat", "must be 1 to 5");
        violations.require(summary.npsTrend() != null, prefix + "nps_trend", "is not a known trend");
        violations.require(summary.openComplaintCount() >= 0, prefix + "open_complaint_count", "must be at least 0");
        violations.require(summary.complaintCount() >= summary.openComplaintCount(), prefix + "complaint_count",
                "must be at least open_complaint_count");
    }
}
