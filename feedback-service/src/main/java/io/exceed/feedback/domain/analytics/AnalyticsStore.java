package io.exceed.feedback.domain.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.exceed.defaults.tenancy.TenantId;

/** The aggregations analytics needs; each returns grouped figures, never the responses themselves. */
public interface AnalyticsStore {

    /** One tally per UTC day that has matching responses. */
    Map<LocalDate, Tally> dailyTallies(TenantId tenant, ResponseQuery query);

    /**
     * Of the complaints received in [start, end): the count per category (case-insensitively), those resolved or
     * closed, and of those the ones with a prevention action.
     */
    ParetoCounts paretoCounts(TenantId tenant, Instant start, Instant end);

    List<DriverAnalysis.Sums> driverSums(TenantId tenant, ResponseQuery query);

    /** How many responses the customer gave, and the scores of up to {@code latest} of them, newest first. */
    CustomerResponses customerResponses(TenantId tenant, String customerId, int latest);

    record CustomerResponses(long count, List<CustomerFeedbackSummary.Scored> latest) {
    }

    /** All complaints of the customer, and those not yet resolved. */
    ComplaintCounts complaintCounts(TenantId tenant, String customerId);

    /**
     * For the rescue rate, over NPS answers submitted in [start, end): per customer, the first answer from 0 to 6
     * and the last answer of 7 or more (one row per customer, never the responses).
     */
    RecoveryTimes recoveryTimes(TenantId tenant, Instant start, Instant end);

    /** Per customer: the first detractor answer and the last answer of 7 or more. */
    record RecoveryTimes(Map<String, Instant> firstDetractorAnswers, Map<String, Instant> lastGoodAnswers) {
    }

    /** Complaints per category; resolved (or closed) complaints, and how many of them recorded a prevention action. */
    record ParetoCounts(List<ComplaintPareto.CategoryCount> categories, long resolved, long prevented) {
    }

    /** A customer's complaints: all, and open (not yet resolved). */
    record ComplaintCounts(long total, long open) {
    }
}
