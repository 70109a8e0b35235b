package io.exceed.followup.domain.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * When a team works: hours per weekday in one time zone, minus holidays. SLA clocks run only in working time,
 * so nothing breaches or escalates at midnight or over a weekend. Working periods are half-open ([start, end))
 * and measured as real elapsed time, so a DST change inside working hours shortens or lengthens that day.
 * The rules guarantee at least one working weekday, so every search below ends.
 * <p>
 * A calendar whose {@code zone} is null follows the customer: it is put in the customer's time zone
 * ({@link #in(ZoneId)}) before any time is computed with it.
 */
public record BusinessCalendar(ZoneId zone, List<WorkingHours> workingHours, Set<LocalDate> holidays) {

    public BusinessCalendar {
        workingHours = List.copyOf(workingHours);
        holidays = Set.copyOf(holidays);
    }

    /** Whether the working hours are the customer's, in whatever time zone the customer is. */
    public boolean followsCustomer() {
        return zone == null;
    }

    /** The same hours and holidays in {@code zone}. */
    public BusinessCalendar in(ZoneId zone) {
        return new BusinessCalendar(zone, workingHours, holidays);
    }

    /** {@code time} if it is working time, else the start of the next working period. */
    public Instant nextWorkingInstant(Instant time) {
        return plusWorkingTime(time, Duration.ZERO);
    }

    /** The earliest instant by which {@code amount} of working time has passed since {@code start}. */
    public Instant plusWorkingTime(Instant start, Duration amount) {
        Duration remaining = amount;
        for (LocalDate day = start.atZone(zone).toLocalDate();; day = day.plusDays(1)) {
            Period period = period(day);
            if (period == null || !period.end().isAfter(start)) {
                continue;
            }
            Instant from = start.isAfter(period.start()) ? start : period.start();
            Duration available = Duration.between(from, period.end());
            if (remaining.compareTo(available) <= 0) {
                return from.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
    }

    /** The working time between {@code from} and {@code to}; zero if {@code to} is not after {@code from}. */
    public Duration workingTimeBetween(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(to.atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            Period period = period(day);
            if (period == null) {
                continue;
            }
            Instant start = from.isAfter(period.start()) ? from : period.start();
            Instant end = to.isBefore(period.end()) ? to : period.end();
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    /**
     * {@code days} business days after {@code start}. From inside working hours: the same local time on the
     * {@code days}-th following working day, kept within that day's hours. From outside them: the end of the
     * {@code days}-th working day, the next working day counting as the first (Friday evening + 1 = Monday's end).
     */
    public Instant plusBusinessDays(Instant start, int days) {
        Instant from = nextWorkingInstant(start);
        LocalDate day = from.atZone(zone).toLocalDate();
        if (!from.equals(start)) {
            for (int i = 1; i < days; i++) {
                day = nextWorkingDay(day);
            }
            return period(day).end();
        }
        LocalTime time = start.atZone(zone).toLocalTime();
        for (int i = 0; i < days; i++) {
            day = nextWorkingDay(day);
        }
        Period period = period(day);
        Instant sameTime = ZonedDateTime.of(day, time, zone).toInstant();
        if (sameTime.isBefore(period.start())) {
            return period.start();
        }
        return sameTime.isAfter(period.end()) ? period.end() : sameTime;
    }

    /** Whether {@code day} has working hours: its weekday has some and it is not a holiday. */
    public boolean isWorkingDay(LocalDate day) {
        return hoursOn(day.getDayOfWeek()) != null && !holidays.contains(day);
    }

    private WorkingHours hoursOn(DayOfWeek weekday) {
        return workingHours.stream().filter(hours -> hours.day() == weekday).findFirst().orElse(null);
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** The day's working period as instants; a local time in a DST gap moves forward by the gap. */
    private Period period(LocalDate day) {
        if (!isWorkingDay(day)) {
            return null;
        }
        WorkingHours hours = hoursOn(day.getDayOfWeek());
        return new Period(ZonedDateTime.of(day, hours.start(), zone).toInstant(),
                ZonedDateTime.of(day, hours.end(), zone).toInstant());
    }

    private record Period(Instant start, Instant end) {
    }
}
