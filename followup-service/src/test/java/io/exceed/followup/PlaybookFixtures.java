package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.duration;

import java.time.Duration;
import java.time.Instant;

import com.google.type.TimeOfDay;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.v1.Severity;
import io.exceed.followup.v1.BusinessCalendar;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.OwnerStrategy;
import io.exceed.followup.v1.Playbook;
import io.exceed.followup.v1.PlaybookAction;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookTrigger;
import io.exceed.followup.v1.WorkingHours;

/** Valid playbooks and events for tests to start from and spoil one field at a time. */
final class PlaybookFixtures {

    private PlaybookFixtures() {
    }

    /** Every tenant starts with these many playbooks (DefaultPlaybooks). */
    static final int DEFAULT_PLAYBOOKS = 10;

    /**
     * Complaints opened with severity HIGH or worse: acknowledge at once, within 4 h, the team taking turns.
     * The defaults acknowledge opened complaints too; a tenant's own playbook wins over them.
     */
    static Playbook.Builder playbook() {
        return Playbook.newBuilder()
                .setDisplayName("Serious complaint: acknowledge in person")
                .setTrigger(PlaybookTrigger.newBuilder()
                        .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED)
                        .setMinSeverity(Severity.SEVERITY_HIGH))
                .setAction(PlaybookAction.newBuilder()
                        .setReason(FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT)
                        .setSla(duration(Duration.ofHours(4)))
                        .setChannel(ContactChannel.CONTACT_CHANNEL_PHONE)
                        .setOwnerStrategy(OwnerStrategy.OWNER_STRATEGY_ROUND_ROBIN)
                        .addTeam("anna").addTeam("bo").addTeam("cy"));
    }

    /** Monday to Friday 09:00-17:00, Stockholm time. */
    static BusinessCalendar.Builder officeHours() {
        BusinessCalendar.Builder calendar = BusinessCalendar.newBuilder().setTimeZone("Europe/Stockholm");
        for (int day = 1; day <= 5; day++) {
            calendar.addWorkingHours(WorkingHours.newBuilder().setDayValue(day)
                    .setStart(TimeOfDay.newBuilder().setHours(9)).setEnd(TimeOfDay.newBuilder().setHours(17)));
        }
        return calendar;
    }

    /** A HIGH complaint opened at {@code occurTime}. */
    static PlaybookEvent.Builder complaintOpened(Instant occurTime, String sourceReference) {
        return event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED, occurTime, sourceReference)
                .setSeverity(Severity.SEVERITY_HIGH);
    }

    static PlaybookEvent.Builder event(PlaybookEventKind kind, Instant occurTime, String sourceReference) {
        return PlaybookEvent.newBuilder()
                .setKind(kind)
                .setCustomerId("cust-1")
                .setSourceReference(sourceReference)
                .setOccurTime(at(occurTime))
                .setAccountOwner("olga@example.com");
    }
}
