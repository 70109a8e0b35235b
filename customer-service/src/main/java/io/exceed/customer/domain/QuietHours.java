package io.exceed.customer.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A daily window of local time without contacts; it may wrap past midnight. Equal ends mean none. */
public record QuietHours(LocalTime start, LocalTime end) {

    public boolean isNone() {
        return start.equals(end);
    }

    public boolean contains(LocalTime time) {
        if (isNone()) {
            return false;
        }
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /** The first instant at or after {@code now} outside the window, in the customer's zone. */
    public Instant endAfter(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (!contains(local.toLocalTime())) {
            return now;
        }
        ZonedDateTime end = local.with(this.end);
        if (!end.isAfter(local)) {
            end = local.plusDays(1).with(this.end);
        }
        return end.toInstant();
    }
}
