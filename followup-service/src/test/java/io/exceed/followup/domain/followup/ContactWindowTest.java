package io.exceed.followup.domain.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class ContactWindowTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private final ContactWindow nights = new ContactWindow(STOCKHOLM, LocalTime.of(21, 0), LocalTime.of(8, 0));

    @Test
    void aTimeOutsideQuietHoursStays() {
        Instant noon = Instant.parse("2026-03-02T11:00:00Z");
        assertThat(nights.earliestAllowed(noon)).isEqualTo(noon);
    }

    @Test
    void lateEveningMovesToTheNextMorningLocalTime() {
        // 22:30 in Stockholm (UTC+1 in winter) → 08:00 the next day.
        assertThat(nights.earliestAllowed(Instant.parse("2026-03-02T21:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
    }

    @Test
    void earlyMorningMovesToEightTheSameDay() {
        assertThat(nights.earliestAllowed(Instant.parse("2026-03-03T04:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
    }

    @Test
    void theEndFollowsTheCustomersClockAcrossTheSpringDstChange() {
        // Clocks go forward on 2026-03-29 at 02:00 in Stockholm: 08:00 local is then 06:00 UTC, not 07:00.
        assertThat(nights.earliestAllowed(Instant.parse("2026-03-28T22:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void theEndFollowsTheCustomersClockAcrossTheAutumnDstChange() {
        // Clocks go back on 2026-10-25 at 03:00 in Stockholm: 08:00 local is then 07:00 UTC again.
        assertThat(nights.earliestAllowed(Instant.parse("2026-10-24T21:00:00Z")))
                .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
    }

    @Test
    void aQuietEndInsideTheSpringGapBecomesTheFirstInstantAfterIt() {
        ContactWindow untilHalfPastTwo = new ContactWindow(STOCKHOLM, LocalTime.of(1, 0), LocalTime.of(2, 30));
        // 01:30 local on the change day; 02:30 does not exist, so contact may start at 03:30 CEST = 01:30 UTC.
        assertThat(untilHalfPastTwo.earliestAllowed(Instant.parse("2026-03-29T00:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void quietHoursWithinOneDayAndNoQuietHours() {
        ContactWindow lunch = new ContactWindow(ZoneId.of("Asia/Shanghai"), LocalTime.of(12, 0), LocalTime.of(13, 30));
        assertThat(lunch.earliestAllowed(Instant.parse("2026-03-02T04:15:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T05:30:00Z"));
        assertThat(lunch.earliestAllowed(Instant.parse("2026-03-02T05:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T05:30:00Z"));
        ContactWindow none = new ContactWindow(STOCKHOLM, LocalTime.of(9, 0), LocalTime.of(9, 0));
        assertThat(none.earliestAllowed(Instant.parse("2026-03-02T08:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
    }
}
