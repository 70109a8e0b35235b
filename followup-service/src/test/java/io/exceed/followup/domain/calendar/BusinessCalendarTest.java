package io.exceed.followup.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Europe/Stockholm: UTC+1 in winter, UTC+2 from 2026-03-29 02:00 (local clocks jump to 03:00) to 2026-10-25. */
class BusinessCalendarTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static BusinessCalendar officeHours(LocalDate... holidays) {
        List<WorkingHours> hours = new ArrayList<>();
        WEEKDAYS.forEach(day -> hours.add(new WorkingHours(day, LocalTime.of(9, 0), LocalTime.of(17, 0))));
        return new BusinessCalendar(STOCKHOLM, hours, Set.of(holidays));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void workingTimeInsideOneDayIsPlainAddition() {
        // Wednesday 10:00 local + 3 h = 13:00 local.
        assertThat(officeHours().plusWorkingTime(at("2026-03-04T09:00:00Z"), Duration.ofHours(3)))
                .isEqualTo(at("2026-03-04T12:00:00Z"));
    }

    @Test
    void fridayEveningWorkContinuesOnMonday() {
        // Friday 16:00 local + 8 working hours: 1 h on Friday, 7 h on Monday, so Monday 16:00 local.
        assertThat(officeHours().plusWorkingTime(at("2026-03-06T15:00:00Z"), Duration.ofHours(8)))
                .isEqualTo(at("2026-03-09T15:00:00Z"));
        // Using exactly what is left of Friday ends at Friday's close, not on Monday morning.
        assertThat(officeHours().plusWorkingTime(at("2026-03-06T15:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(at("2026-03-06T16:00:00Z"));
    }

    @Test
    void theNextWorkingInstantSkipsNightsWeekendsAndTheClosingMinute() {
        BusinessCalendar calendar = officeHours();
        assertThat(calendar.nextWorkingInstant(at("2026-03-06T19:00:00Z"))).isEqualTo(at("2026-03-09T08:00:00Z"));
        assertThat(calendar.nextWorkingInstant(at("2026-03-06T16:00:00Z"))).isEqualTo(at("2026-03-09T08:00:00Z"));
        assertThat(calendar.nextWorkingInstant(at("2026-03-04T05:00:00Z"))).isEqualTo(at("2026-03-04T08:00:00Z"));
        assertThat(calendar.nextWorkingInstant(at("2026-03-04T10:30:00Z"))).isEqualTo(at("2026-03-04T10:30:00Z"));
    }

    @Test
    void aDeadlineAcrossTheSpringDstWeekendUsesMondaysSummerOffset() {
        // Friday 15:00 CET + 4 working hours: 2 h on Friday, 2 h on Monday, so Monday 11:00 CEST = 09:00Z.
        assertThat(officeHours().plusWorkingTime(at("2026-03-27T14:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(at("2026-03-30T09:00:00Z"));
        // And back in October: Friday 15:00 CEST + 4 h = Monday 11:00 CET = 10:00Z.
        assertThat(officeHours().plusWorkingTime(at("2026-10-23T13:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(at("2026-10-26T10:00:00Z"));
    }

    @Test
    void workingHoursThatSpanADstChangeCountRealElapsedTime() {
        BusinessCalendar nightShift = new BusinessCalendar(STOCKHOLM,
                List.of(new WorkingHours(DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, LocalTime.of(6, 0))), Set.of());
        // 2026-03-29 00:00-06:00 local is only 5 real hours: 6 working hours end 1 h into the next Sunday.
        assertThat(nightShift.plusWorkingTime(at("2026-03-28T23:00:00Z"), Duration.ofHours(5)))
                .isEqualTo(at("2026-03-29T04:00:00Z"));
        assertThat(nightShift.plusWorkingTime(at("2026-03-28T23:00:00Z"), Duration.ofHours(6)))
                .isEqualTo(at("2026-04-04T23:00:00Z"));
        // 2026-10-25 00:00-06:00 local is 7 real hours.
        assertThat(nightShift.plusWorkingTime(at("2026-10-24T22:00:00Z"), Duration.ofHours(7)))
                .isEqualTo(at("2026-10-25T05:00:00Z"));
    }

    @Test
    void holidaysAreSkipped() {
        // Easter 2026: Good Friday 3 April and Easter Monday 6 April are holidays.
        BusinessCalendar calendar = officeHours(LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6));
        // Thursday 16:00 CEST + 2 h: 1 h on Thursday, then Tuesday 10:00 CEST.
        assertThat(calendar.plusWorkingTime(at("2026-04-02T14:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(at("2026-04-07T08:00:00Z"));
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 4, 6))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2026, 4, 7))).isTrue();
    }

    @Test
    void oneBusinessDayFromInsideWorkingHoursIsTheSameTimeOnTheNextWorkingDay() {
        BusinessCalendar calendar = officeHours(LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6));
        // Friday 15:00 CET → Monday 15:00 CET.
        assertThat(calendar.plusBusinessDays(at("2026-03-06T14:00:00Z"), 1)).isEqualTo(at("2026-03-09T14:00:00Z"));
        // Friday 10:00 CET → Monday 10:00 CEST: the same local time after the DST change.
        assertThat(calendar.plusBusinessDays(at("2026-03-27T09:00:00Z"), 1)).isEqualTo(at("2026-03-30T08:00:00Z"));
        // Thursday before Easter → Tuesday after it.
        assertThat(calendar.plusBusinessDays(at("2026-04-02T08:00:00Z"), 1)).isEqualTo(at("2026-04-07T08:00:00Z"));
    }

    @Test
    void businessDaysFromOutsideWorkingHoursEndAtTheCloseOfTheLastDayCounted() {
        BusinessCalendar calendar = officeHours();
        // Friday 20:00 CET + 1 → the end of Monday; Saturday + 2 → the end of Tuesday.
        assertThat(calendar.plusBusinessDays(at("2026-03-06T19:00:00Z"), 1)).isEqualTo(at("2026-03-09T16:00:00Z"));
        assertThat(calendar.plusBusinessDays(at("2026-03-07T10:00:00Z"), 2)).isEqualTo(at("2026-03-10T16:00:00Z"));
    }

    @Test
    void aShorterDayKeepsTheDeadlineWithinItsHours() {
        List<WorkingHours> hours = new ArrayList<>();
        WEEKDAYS.forEach(day -> hours.add(new WorkingHours(day, LocalTime.of(9, 0),
                day == DayOfWeek.FRIDAY ? LocalTime.of(15, 0) : LocalTime.of(17, 0))));
        BusinessCalendar shortFridays = new BusinessCalendar(STOCKHOLM, hours, Set.of());
        // Thursday 16:00 CET + 1 business day → Friday's close at 15:00 CET.
        assertThat(shortFridays.plusBusinessDays(at("2026-03-05T15:00:00Z"), 1)).isEqualTo(at("2026-03-06T14:00:00Z"));
        // Thursday 16:00 + 2 working hours: 1 h Thursday, then Friday 10:00.
        assertThat(shortFridays.plusWorkingTime(at("2026-03-05T15:00:00Z"), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-06T09:00:00Z"));
    }
}
