package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.type.TimeOfDay;

import io.exceed.customer.v1.QuietHours;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpServiceGrpc;

class ContactWindowSchedulingTest extends FollowUpServiceTestBase {

    private FollowUp create(FollowUp.Builder followUp) {
        return as(newTenant(), FollowUpServiceGrpc.newBlockingStub(channel))
                .createFollowUp(CreateFollowUpRequest.newBuilder().setFollowUp(followUp).build());
    }

    @Test
    void dueAndPromisedTimesAreMovedOutOfTheCustomersQuietHours() {
        clock.set(Instant.parse("2026-03-02T18:00:00Z"));
        // Due 22:00 and promised 23:00 Stockholm time (UTC+1): both move to 08:00 the next morning.
        FollowUp created = create(followUp(clock.instant(), "response/r-night")
                .setDueTime(at(Instant.parse("2026-03-02T21:00:00Z")))
                .setPromisedTime(at(Instant.parse("2026-03-02T22:00:00Z")))
                .setContactWindow(ContactWindow.newBuilder().setTimeZone("Europe/Stockholm")));

        assertThat(created.getDueTime()).isEqualTo(at(Instant.parse("2026-03-03T07:00:00Z")));
        assertThat(created.getPromisedTime()).isEqualTo(at(Instant.parse("2026-03-03T07:00:00Z")));
        assertThat(created.getContactWindow().getQuietHours().getStart().getHours()).isEqualTo(21);
        assertThat(created.getHistory(0).getDescription()).contains("quiet hours");
    }

    @Test
    void theCustomersOwnQuietHoursWin() {
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        FollowUp created = create(followUp(clock.instant(), "response/r-lunch")
                .setDueTime(at(Instant.parse("2026-03-02T04:30:00Z")))
                .setPromisedTime(at(Instant.parse("2026-03-02T06:00:00Z")))
                .setContactWindow(ContactWindow.newBuilder().setTimeZone("Asia/Shanghai")
                        .setQuietHours(QuietHours.newBuilder().setStart(TimeOfDay.newBuilder().setHours(12))
                                .setEnd(TimeOfDay.newBuilder().setHours(13)))));

        assertThat(created.getDueTime()).isEqualTo(at(Instant.parse("2026-03-02T05:00:00Z")));
        assertThat(created.getPromisedTime()).isEqualTo(at(Instant.parse("2026-03-02T06:00:00Z")));
    }
}
