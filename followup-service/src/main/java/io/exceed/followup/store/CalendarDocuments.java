package io.exceed.followup.store;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.stream.Collectors;

import org.bson.Document;

import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.calendar.WorkingHours;

/**
 * A business calendar as playbooks and follow-ups store it: {@code timeZone} (null for one that follows the
 * customer), {@code workingHours[{day, start, end}]}, {@code holidays[ISO dates]}.
 */
final class CalendarDocuments {

    private CalendarDocuments() {
    }

    static Document toDocument(BusinessCalendar calendar) {
        return calendar == null ? null : new Document("timeZone",
                calendar.followsCustomer() ? null : calendar.zone().getId())
                .append("workingHours", calendar.workingHours().stream()
                        .map(hours -> new Document("day", hours.day().name())
                                .append("start", hours.start().toString())
                                .append("end", hours.end().toString()))
                        .toList())
                .append("holidays", calendar.holidays().stream().sorted().map(LocalDate::toString).toList());
    }

    static BusinessCalendar fromDocument(Document calendar) {
        return calendar == null ? null : new BusinessCalendar(
                calendar.getString("timeZone") == null ? null : ZoneId.of(calendar.getString("timeZone")),
                calendar.getList("workingHours", Document.class).stream()
                        .map(hours -> new WorkingHours(DayOfWeek.valueOf(hours.getString("day")),
                                LocalTime.parse(hours.getString("start")), LocalTime.parse(hours.getString("end"))))
                        .toList(),
                calendar.getList("holidays", String.class).stream().map(LocalDate::parse).collect(Collectors.toSet()));
    }
}
