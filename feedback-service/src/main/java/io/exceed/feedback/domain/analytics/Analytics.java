package io.exceed.feedback.domain.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.response.ResponseRules;

/** Scores, trends, the complaint Pareto, driver analysis and per-customer summaries. */
public class Analytics {

    static final Duration MAX_WINDOW = Duration.ofDays(400);
    /** Enough history for a trend; older answers say little about where the customer is heading. */
    private static final int TREND_HISTORY = 5;
    private static final int SUMMARY_RESPONSES = TREND_HISTORY + 1;
    private static final int MAX_SURVEY_ID = 100;

    private final AnalyticsStore store;
    private final long driverMinimumSample;

    public Analytics(AnalyticsStore store, long driverMinimumSample) {
        this.store = store;
        this.driverMinimumSample = driverMinimumSample;
    }

    public ScoreReport scores(TenantId tenant, ResponseQuery query, Granularity granularity, Violations violations) {
        ResponseQuery checked = check(query, "filter.", violations);
        violations.throwIfAny();
        Map<LocalDate, Tally> days = store.dailyTallies(tenant, checked);
        Tally total = new Tally();
        days.values().forEach(total::add);
        List<ScoreReport.Bucket> buckets = new ArrayList<>();
        if (granularity != Granularity.NONE) {
            for (Period period : Period.covering(checked.start(), checked.end(), granularity)) {
                Tally tally = new Tally();
                days.forEach((day, dayTally) -> {
                    if (period.contains(day)) {
                        tally.add(dayTally);
                    }
                });
                buckets.add(new ScoreReport.Bucket(period, Scores.of(tally)));
            }
        }
        return new ScoreReport(Scores.of(total), List.copyOf(buckets));
    }

    public ComplaintPareto pareto(TenantId tenant, Instant start, Instant end, Violations violations) {
        checkWindow(start, end, "", violations);
        violations.throwIfAny();
        AnalyticsStore.ParetoCounts pareto = store.paretoCounts(tenant, start, end);
        List<ComplaintPareto.CategoryCount> counts = new ArrayList<>(pareto.categories());
        counts.sort(Comparator.comparingLong(ComplaintPareto.CategoryCount::count).reversed()
                .thenComparing(ComplaintPareto.CategoryCount::name));
        long total = counts.stream().mapToLong(ComplaintPareto.CategoryCount::count).sum();
        List<ComplaintPareto.Category> categories = new ArrayList<>();
        long running = 0;
        for (ComplaintPareto.CategoryCount count : counts) {
            running += count.count();
            categories.add(new ComplaintPareto.Category(count.name(), count.count(), (double) count.count() / total,
                    (double) running / total));
        }
        return new ComplaintPareto(total, List.copyOf(categories), pareto.resolved(), pareto.prevented(),
                pareto.resolved() == 0 ? OptionalDouble.empty()
                        : OptionalDouble.of((double) pareto.prevented() / pareto.resolved()));
    }

    public RecoveryStats recovery(TenantId tenant, Instant start, Instant end, Violations violations) {
        checkWindow(start, end, "", violations);
        violations.throwIfAny();
        AnalyticsStore.RecoveryTimes times = store.recoveryTimes(tenant, start, end);
        return RecoveryStats.of(times.firstDetractorAnswers(), times.lastGoodAnswers());
    }

    public DriverAnalysis drivers(TenantId tenant, ResponseQuery query, Violations violations) {
        ResponseQuery checked = check(query, "filter.", violations);
        violations.throwIfAny();
        return DriverAnalysis.of(store.driverSums(tenant, checked), driverMinimumSample);
    }

    public CustomerFeedbackSummary customerSummary(TenantId tenant, String customerId, Violations violations) {
        CustomerIds.check(customerId, "customer_id", violations);
        violations.throwIfAny();
        AnalyticsStore.CustomerResponses responses = store.customerResponses(tenant, customerId,
                SUMMARY_RESPONSES * 10);
        List<CustomerFeedbackSummary.Scored> latest = responses.latest();
        AnalyticsStore.ComplaintCounts complaints = store.complaintCounts(tenant, customerId);
        List<Integer> nps = latest.stream().map(CustomerFeedbackSummary.Scored::nps)
                .filter(Objects::nonNull).limit(SUMMARY_RESPONSES).toList();
        return new CustomerFeedbackSummary(customerId, responses.count(),
                latest.stream().map(CustomerFeedbackSummary.Scored::nps).filter(Objects::nonNull).findFirst()
                        .orElse(null),
                latest.stream().map(CustomerFeedbackSummary.Scored::csat).filter(Objects::nonNull).findFirst()
                        .orElse(null),
                latest.stream().map(CustomerFeedbackSummary.Scored::ces).filter(Objects::nonNull).findFirst()
                        .orElse(null),
                latest.isEmpty() ? null : latest.getFirst().submitTime(),
                trend(nps), complaints.open(), complaints.total());
    }

    /** The latest NPS answer against the mean of up to five before it; a point either way is noise. */
    static CustomerFeedbackSummary.Trend trend(List<Integer> newestFirst) {
        if (newestFirst.size() < 2) {
            return CustomerFeedbackSummary.Trend.UNKNOWN;
        }
        double before = newestFirst.subList(1, newestFirst.size()).stream().mapToInt(Integer::intValue).average()
                .orElseThrow();
        int latest = newestFirst.getFirst();
        if (latest > before + 1) {
            return CustomerFeedbackSummary.Trend.IMPROVING;
        }
        return latest < before - 1 ? CustomerFeedbackSummary.Trend.DECLINING : CustomerFeedbackSummary.Trend.STABLE;
    }

    private static ResponseQuery check(ResponseQuery query, String prefix, Violations violations) {
        checkWindow(query.start(), query.end(), prefix, violations);
        violations.require(query.surveyId() == null || query.surveyId().length() <= MAX_SURVEY_ID,
                prefix + "survey_id", "must be at most " + MAX_SURVEY_ID + " characters");
        violations.require(!query.dimensions().contains(null), prefix + "dimensions",
                "must name service dimensions (UNSPECIFIED is not one)");
        return new ResponseQuery(query.start(), query.end(), query.surveyId(),
                ResponseRules.checkSegment(query.segment(), prefix + "segment", violations),
                Set.copyOf(query.dimensions().stream().filter(Objects::nonNull).toList()));
    }

    private static void checkWindow(Instant start, Instant end, String prefix, Violations violations) {
        violations.require(start != null, prefix + "start_time", "is required");
        violations.require(end != null, prefix + "end_time", "is required");
        if (start != null && end != null) {
            violations.require(end.isAfter(start), prefix + "end_time", "must be after start_time");
            violations.require(!end.isAfter(start.plus(MAX_WINDOW)), prefix + "end_time",
                    "must be at most " + MAX_WINDOW.toDays() + " days after start_time");
        }
    }
}
