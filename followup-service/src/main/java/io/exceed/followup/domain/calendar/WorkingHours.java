package io.exceed.followup.domain.calendar;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** One weekday's working hours in the calendar's local time; they end after they start, on the same day. */
public record WorkingHours(DayOfWeek day, LocalTime start, LocalTime end) {
}
