package io.exceed.followup.domain.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a customer may be contacted: not during the daily quiet hours, read in the customer's own time zone.
 * Quiet hours may wrap past midnight (21:00 to 08:00); equal start and end mean none.
 */
public record ContactWindow(ZoneId zone, LocalTime quietStart, LocalTime quietEnd) {

    /**
     * The earliest instant at or after {@code time} outside quiet hours. The end of quiet hours is a local time,
     * so across a DST change the answer follows the customer's clock; a local end time that does not exist that
     * day (spring forward) becomes the first instant after the gap.
     */
    public Instant earliestAllowed(Instant time) {
        if (quietStart.equals(quietEnd)) {
            return time;
        }
        ZonedDateTime local = time.atZone(zone);
        LocalTime clock = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        boolean wraps = quietStart.isAfter(quietEnd);
        if (wraps) {
            if (!clock.isBefore(quietStart)) {
                return ZonedDateTime.of(day.plusDays(1), quietEnd, zone).toInstant();
            }
            if (clock.isBefore(quietEnd)) {
                return ZonedDateTime.of(day, quietEnd, zone).toInstant();
            }
            return time;
        }
        if (!clock.isBefore(quietStart) && clock.isBefore(quietEnd)) {
            return ZonedDateTime.of(day, quietEnd, zone).toInstant();
        }
        return time;
    }
}
