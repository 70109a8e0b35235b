package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.PlaybookFixtures.complaintOpened;
import static io.exceed.followup.PlaybookFixtures.officeHours;
import static io.exceed.followup.PlaybookFixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreatePlaybookRequest;
import io.exceed.followup.v1.EscalationPolicy;
import io.exceed.followup.v1.EscalationStep;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpEvent;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.ListFollowUpEventsRequest;
import io.exceed.followup.v1.Milestone;
import io.exceed.followup.v1.MilestoneKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;

/**
 * A playbook with a business calendar: the follow-up's warning, breach and escalation steps all count working time
 * in that calendar, so each lands inside office hours on a working day, also across the change to summer time
 * (Stockholm, Sunday 29 March 2026), where wall-clock shares of the SLA would land on a Sunday night.
 */
class WorkingTimeEscalationTest extends FollowUpServiceTestBase {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    @Autowired
    private MilestoneScheduler scheduler;

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private List<FollowUpEvent> events(String tenant, String followUpId) {
        return as(tenant, FollowUpEventServiceGrpc.newBlockingStub(channel)).listFollowUpEvents(
                ListFollowUpEventsRequest.newBuilder().setPageSize(500).build()).getEventsList().stream()
                .filter(event -> event.getFollowUp().getId().equals(followUpId)).toList();
    }

    @Test
    void warningsBreachesAndEscalationsLandInWorkingHoursAcrossADaylightSavingChange() {
        String tenant = newTenant();
        as(tenant, PlaybookServiceGrpc.newBlockingStub(channel)).createPlaybook(CreatePlaybookRequest.newBuilder()
                .setPlaybook(playbook().setCalendar(officeHours())
                        .setAction(playbook().getAction().toBuilder().setSla(duration(Duration.ofHours(8))))
                        .setEscalationPolicy(EscalationPolicy.newBuilder().setWarningPercent(75)
                                .addSteps(EscalationStep.newBuilder().setTarget("team-lead")
                                        .setAfterBreach(duration(Duration.ofHours(2))))
                                .addSteps(EscalationStep.newBuilder().setTarget("head-of-customer-care")
                                        .setAfterBreach(duration(Duration.ofHours(8))))))
                .build());
        // Friday 27 March, 15:00 in Stockholm: eight working hours run out on Monday, after the clocks went forward.
        Instant friday = ZonedDateTime.of(2026, 3, 27, 15, 0, 0, 0, STOCKHOLM).toInstant();
        clock.set(friday);
        FollowUp followUp = as(tenant, PlaybookServiceGrpc.newBlockingStub(channel)).evaluatePlaybooks(
                EvaluatePlaybooksRequest.newBuilder().setActor("crm").setEvent(complaintOpened(friday, "complaint/dst")
                        .setContactWindow(ContactWindow.newBuilder().setTimeZone("Europe/Stockholm"))).build())
                .getFollowUps(0);
        assertThat(instant(followUp.getSlaDeadline()).atZone(STOCKHOLM))
                .isEqualTo(ZonedDateTime.of(2026, 3, 30, 15, 0, 0, 0, STOCKHOLM));
        assertThat(followUp.getUpcomingMilestonesList()).extracting(Milestone::getKind).containsExactly(
                MilestoneKind.MILESTONE_KIND_DUE, MilestoneKind.MILESTONE_KIND_WARNING,
                MilestoneKind.MILESTONE_KIND_BREACH, MilestoneKind.MILESTONE_KIND_ESCALATION,
                MilestoneKind.MILESTONE_KIND_ESCALATION);
        assertThat(followUp.getUpcomingMilestonesList()).extracting(Milestone::getEscalationTarget)
                .containsExactly("", "", "", "team-lead", "head-of-customer-care");

        clock.set(friday.plus(Duration.ofDays(10)));
        scheduler.runOnce();

        List<FollowUpEvent> events = events(tenant, followUp.getId());
        assertThat(events).extracting(FollowUpEvent::getType).containsExactly(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE,
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_WARNING, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED,
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_ESCALATED, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_ESCALATED);
        for (FollowUpEvent event : events) {
            ZonedDateTime at = instant(event.getOccurTime()).atZone(STOCKHOLM);
            assertThat(at.getDayOfWeek()).as(event.getType() + " at " + at)
                    .isBetween(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
            assertThat(at.toLocalTime()).as(event.getType() + " at " + at)
                    .isBetween(LocalTime.of(9, 0), LocalTime.of(17, 0));
        }
        assertThat(instant(events.get(1).getOccurTime()).atZone(STOCKHOLM)).as("6 of the 8 working hours")
                .isEqualTo(ZonedDateTime.of(2026, 3, 30, 13, 0, 0, 0, STOCKHOLM));
        assertThat(instant(events.get(4).getOccurTime()).atZone(STOCKHOLM)).as("8 working hours after the breach")
                .isEqualTo(ZonedDateTime.of(2026, 3, 31, 15, 0, 0, 0, STOCKHOLM));
        assertThat(events).extracting(event -> instant(event.getOccurTime())).as("when the follow-up said they would be")
                .containsExactlyElementsOf(followUp.getUpcomingMilestonesList().stream()
                        .map(milestone -> instant(milestone.getTime())).toList());
    }

    @Test
    void aPlaybooksFollowUpDueAfterADelayIsWarnedWithinItsSlaNotBeforeItIsDue() {
        String tenant = newTenant();
        as(tenant, PlaybookServiceGrpc.newBlockingStub(channel)).createPlaybook(CreatePlaybookRequest.newBuilder()
                .setPlaybook(playbook().setAction(playbook().getAction().toBuilder()
                        .setDelay(duration(Duration.ofDays(3))).setSla(duration(Duration.ofDays(2)))))
                .build());
        Instant opened = clock.instant();
        FollowUp followUp = as(tenant, PlaybookServiceGrpc.newBlockingStub(channel)).evaluatePlaybooks(
                EvaluatePlaybooksRequest.newBuilder().setActor("crm")
                        .setEvent(complaintOpened(opened, "complaint/delayed")).build())
                .getFollowUps(0);
        Instant due = opened.plus(Duration.ofDays(3));

        assertThat(followUp.getUpcomingMilestonesList()).extracting(Milestone::getKind, milestone ->
                instant(milestone.getTime())).startsWith(
                        tuple(MilestoneKind.MILESTONE_KIND_DUE, due),
                        tuple(MilestoneKind.MILESTONE_KIND_WARNING, due.plus(Duration.ofHours(36))),
                        tuple(MilestoneKind.MILESTONE_KIND_BREACH, due.plus(Duration.ofDays(2))));
        clock.set(due.plus(Duration.ofHours(36)).minusSeconds(1));
        scheduler.runOnce();
        assertThat(events(tenant, followUp.getId())).extracting(FollowUpEvent::getType)
                .containsExactly(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE);
        clock.set(due.plus(Duration.ofHours(36)).plusSeconds(1));
        scheduler.runOnce();
        assertThat(events(tenant, followUp.getId())).extracting(FollowUpEvent::getType).containsExactly(
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_WARNING);
    }
}
