package io.exceed.customer.domain;

/**
 * Derives a customer's relationship state from their feedback summary and value. Simple on purpose, so anyone
 * can say why a customer is where they are; the first rule that matches wins:
 * <ol>
 * <li>DETRACTOR: the latest NPS answer is 0 to 6, or, without NPS answers, the latest CSAT is 1 or 2;</li>
 * <li>AT_RISK: a complaint is open, or the NPS trend is declining;</li>
 * <li>ADVOCATE: the latest NPS answer is 9 or 10;</li>
 * <li>LOYAL: the latest NPS answer is 7 or 8 and the customer's profitability is MEDIUM or HIGH, or, without
 * NPS answers, the latest CSAT is 4 or 5;</li>
 * <li>PASSIVE: the latest NPS answer is 7 or 8 (profitability LOW or unrated), or, without NPS answers, the
 * latest CSAT is 3;</li>
 * <li>UNRATED: nothing to judge by.</li>
 * </ol>
 */
public final class RelationshipRules {

    private RelationshipRules() {
    }

    public static RelationshipState derive(FeedbackSummary summary, CustomerValue value) {
        Integer nps = summary.latestNps();
        Integer csat = nps == null ? summary.latestCsat() : null;
        if (nps != null && nps <= 6 || csat != null && csat <= 2) {
            return RelationshipState.DETRACTOR;
        }
        if (summary.openComplaintCount() > 0 || summary.npsTrend() == FeedbackSummary.Trend.DECLINING) {
            return RelationshipState.AT_RISK;
        }
        if (nps != null) {
            if (nps >= 9) {
                return RelationshipState.ADVOCATE;
            }
            Band profitability = value.profitability();
            return profitability == Band.MEDIUM || profitability == Band.HIGH ? RelationshipState.LOYAL
                    : RelationshipState.PASSIVE;
        }
        if (csat != null) {
            return csat >= 4 ? RelationshipState.LOYAL : RelationshipState.PASSIVE;
        }
        return RelationshipState.UNRATED;
    }
}
