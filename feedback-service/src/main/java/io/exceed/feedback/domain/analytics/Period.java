package io.exceed.feedback.domain.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** One calendar period [start, end) in UTC. */
public record Period(LocalDate start, LocalDate end) {

    public Instant startTime() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant endTime() {
        return end.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }

    /** The whole periods that cover [from, to), from the one holding {@code from} to the one holding to − 1 ms. */
    static List<Period> covering(Instant from, Instant to, Granularity granularity) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        LocalDate start = switch (granularity) {
            case DAY, NONE -> first;
            case WEEK -> first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> first.withDayOfMonth(1);
        };
        List<Period> periods = new ArrayList<>();
        while (!start.isAfter(last)) {
            LocalDate end = switch (granularity) {
                case DAY, NONE -> start.plusDays(1);
                case WEEK -> start.plusWeeks(1);
                case MONTH -> start.plusMonths(1);
            };
            periods.add(new Period(start, end));
            start = end;
        }
        return periods;
    }
}
