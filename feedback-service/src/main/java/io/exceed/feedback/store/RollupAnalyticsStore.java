package io.exceed.feedback.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.analytics.AnalyticsStore;
import io.exceed.feedback.domain.analytics.DayCoverage;
import io.exceed.feedback.domain.analytics.DriverAnalysis;
import io.exceed.feedback.domain.analytics.ResponseQuery;
import io.exceed.feedback.domain.analytics.Tally;

/**
 * Scores, driver sums and the rescue rate's answer times from the per-day rollups of responses ({@link MongoRollups}),
 * the complaint Pareto's counts from those of complaints ({@link ComplaintRollups}): O(days) documents, not
 * O(responses) or O(complaints). A day the window takes only part of (its first or last, when the window's bounds
 * fall among that day's responses or complaints) is computed from them by the raw aggregations, so the figures are
 * those of the raw computation. The per-customer figures are the raw store's.
 */
public class RollupAnalyticsStore implements AnalyticsStore {

    private final MongoRollups rollups;
    private final ComplaintRollups complaintRollups;
    private final MongoAnalyticsStore raw;

    public RollupAnalyticsStore(MongoRollups rollups, ComplaintRollups complaintRollups, MongoAnalyticsStore raw) {
        this.rollups = rollups;
        this.complaintRollups = complaintRollups;
        this.raw = raw;
    }

    @Override
    public Map<LocalDate, Tally> dailyTallies(TenantId tenant, ResponseQuery query) {
        Map<LocalDate, Tally> days = new TreeMap<>();
        for (MongoRollups.Day day : days(tenant, query)) {
            switch (coverage(day, query)) {
                case ALL -> days.computeIfAbsent(day.date(), d -> new Tally()).add(day.tally());
                case SOME -> raw.dailyTallies(tenant, within(query, day.date()))
                        .forEach((date, tally) -> days.computeIfAbsent(date, d -> new Tally()).add(tally));
                case NONE -> {
                }
            }
        }
        return days;
    }

    @Override
    public List<DriverAnalysis.Sums> driverSums(TenantId tenant, ResponseQuery query) {
        Map<Dimension, long[]> sums = new EnumMap<>(Dimension.class);
        for (MongoRollups.Day day : days(tenant, query)) {
            switch (coverage(day, query)) {
                case ALL -> day.drivers().forEach((dimension, daySums) -> add(sums, dimension, daySums));
                // Sums of integer answers: exact in a double, so adding them as longs changes nothing.
                case SOME -> raw.driverSums(tenant, within(query, day.date())).forEach(part -> add(sums,
                        part.dimension(), new long[] {part.n(), (long) part.x(), (long) part.y(), (long) part.xx(),
                                (long) part.yy(), (long) part.xy()}));
                case NONE -> {
                }
            }
        }
        List<DriverAnalysis.Sums> result = new ArrayList<>();
        sums.forEach((dimension, total) -> result.add(MongoRollups.sums(dimension, total)));
        return result;
    }

    /** Judged at the millisecond, as the store compares the receive times with the window. */
    @Override
    public ParetoCounts paretoCounts(TenantId tenant, Instant start, Instant end) {
        Instant from = start.truncatedTo(ChronoUnit.MILLIS);
        Instant to = end.truncatedTo(ChronoUnit.MILLIS);
        ComplaintTotals totals = new ComplaintTotals();
        for (ComplaintRollups.Day day : complaintRollups.days(tenant, LocalDate.ofInstant(from, ZoneOffset.UTC),
                LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC))) {
            switch (DayCoverage.of(day.earliest(), day.latest(), from, to)) {
                case ALL -> totals.add(day.totals());
                case SOME -> {
                    ResponseQuery part = within(new ResponseQuery(start, end, null, Map.of(), Set.of()), day.date());
                    totals.add(raw.complaintTotals(tenant, part.start(), part.end()));
                }
                case NONE -> {
                }
            }
        }
        return totals.counts();
    }

    @Override
    public CustomerResponses customerResponses(TenantId tenant, String customerId, int latest) {
        return raw.customerResponses(tenant, customerId, latest);
    }

    @Override
    public ComplaintCounts complaintCounts(TenantId tenant, String customerId) {
        return raw.complaintCounts(tenant, customerId);
    }

    /** Per customer, the earliest detractor answer and the latest good one over the days; a cut day from its responses. */
    @Override
    public RecoveryTimes recoveryTimes(TenantId tenant, Instant start, Instant end) {
        Instant from = start.truncatedTo(ChronoUnit.MILLIS);
        Instant to = end.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Instant> detractors = new HashMap<>();
        Map<String, Instant> good = new HashMap<>();
        for (MongoRollups.RecoveryDay day : rollups.recoveryDays(tenant, LocalDate.ofInstant(from, ZoneOffset.UTC),
                LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC))) {
            switch (DayCoverage.of(day.earliest(), day.latest(), from, to)) {
                case ALL -> merge(detractors, good, day.firstDetractors(), day.lastGood());
                case SOME -> {
                    ResponseQuery part = within(new ResponseQuery(start, end, null, Map.of(), Set.of()), day.date());
                    RecoveryTimes times = raw.recoveryTimes(tenant, part.start(), part.end());
                    merge(detractors, good, keyed(tenant, times.firstDetractorAnswers()),
                            keyed(tenant, times.lastGoodAnswers()));
                }
                case NONE -> {
                }
            }
        }
        return new RecoveryTimes(detractors, good);
    }

    /** The responses' customers under the key the rollups know them by. */
    private static Map<String, Instant> keyed(TenantId tenant, Map<String, Instant> byCustomer) {
        Map<String, Instant> keyed = new HashMap<>();
        byCustomer.forEach((customer, time) -> keyed.put(MongoRollups.customerField(tenant.value(), customer), time));
        return keyed;
    }

    private static void merge(Map<String, Instant> detractors, Map<String, Instant> good,
            Map<String, Instant> dayDetractors, Map<String, Instant> dayGood) {
        dayDetractors.forEach((customer, time) -> detractors.merge(customer, time, (a, b) -> a.isBefore(b) ? a : b));
        dayGood.forEach((customer, time) -> good.merge(customer, time, (a, b) -> a.isAfter(b) ? a : b));
    }

    private List<MongoRollups.Day> days(TenantId tenant, ResponseQuery query) {
        return rollups.days(tenant, query, LocalDate.ofInstant(start(query), ZoneOffset.UTC),
                LocalDate.ofInstant(end(query).minusMillis(1), ZoneOffset.UTC));
    }

    /** Judged at the millisecond, as the store compares the submit times with the window. */
    private static DayCoverage coverage(MongoRollups.Day day, ResponseQuery query) {
        return day.earliest() == null ? DayCoverage.NONE
                : DayCoverage.of(day.earliest(), day.latest(), start(query), end(query));
    }

    /** The query restricted to the part of {@code day} inside its window. */
    private static ResponseQuery within(ResponseQuery query, LocalDate day) {
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new ResponseQuery(query.start().isAfter(dayStart) ? query.start() : dayStart,
                query.end().isBefore(dayEnd) ? query.end() : dayEnd, query.surveyId(), query.segment(),
                query.dimensions());
    }

    private static Instant start(ResponseQuery query) {
        return query.start().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant end(ResponseQuery query) {
        return query.end().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void add(Map<Dimension, long[]> sums, Dimension dimension, long[] more) {
        long[] into = sums.computeIfAbsent(dimension, d -> new long[more.length]);
        for (int i = 0; i < more.length; i++) {
            into[i] += more[i];
        }
    }
}
