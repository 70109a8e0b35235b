package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.PlaybookFixtures.complaintOpened;
import static io.exceed.followup.PlaybookFixtures.event;
import static io.exceed.followup.PlaybookFixtures.officeHours;
import static io.exceed.followup.PlaybookFixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.type.Date;
import com.google.type.Money;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.v1.Severity;
import io.exceed.followup.v1.ArchivePlaybookRequest;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreatePlaybookRequest;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListPlaybooksRequest;
import io.exceed.followup.v1.OwnerStrategy;
import io.exceed.followup.v1.Playbook;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.followup.v1.PlaybookServiceGrpc.PlaybookServiceBlockingStub;
import io.exceed.followup.v1.Priority;
import io.exceed.followup.v1.UpdatePlaybookRequest;

class PlaybookEvaluationTest extends FollowUpServiceTestBase {

    private PlaybookServiceBlockingStub playbooks(String tenant) {
        return as(tenant, PlaybookServiceGrpc.newBlockingStub(channel));
    }

    private Playbook create(String tenant, Playbook.Builder playbook) {
        return playbooks(tenant).createPlaybook(CreatePlaybookRequest.newBuilder().setPlaybook(playbook).build());
    }

    private List<FollowUp> evaluate(String tenant, PlaybookEvent.Builder event) {
        return playbooks(tenant).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder().setEvent(event)
                .setActor("crm").build()).getFollowUpsList();
    }

    private List<FollowUp> dryRun(String tenant, PlaybookEvent.Builder event) {
        return playbooks(tenant).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder().setEvent(event)
                .setValidateOnly(true).build()).getFollowUpsList();
    }

    private static String reference(Playbook playbook) {
        return "playbooks/" + playbook.getId() + "/versions/" + playbook.getVersion();
    }

    private static Instant instant(com.google.protobuf.Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private List<FollowUp> storedFollowUps(String tenant) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .listFollowUps(ListFollowUpsRequest.getDefaultInstance()).getFollowUpsList();
    }

    private Playbook defaultFor(String tenant, PlaybookEventKind kind) {
        return playbooks(tenant).listPlaybooks(ListPlaybooksRequest.newBuilder().setEventKind(kind).build())
                .getPlaybooks(0);
    }

    @Test
    void aDetractorIsContactedWithin24HoursByTheAccountOwner() {
        String tenant = newTenant();
        Instant now = clock.instant();

        List<FollowUp> scheduled = evaluate(tenant,
                event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE, now, "response/r-1").setNpsScore(3));

        Playbook detractor = defaultFor(tenant, PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE);
        assertThat(scheduled).singleElement().satisfies(followUp -> {
            assertThat(followUp.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
            assertThat(followUp.getOwner()).isEqualTo("olga@example.com");
            assertThat(followUp.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
            assertThat(followUp.getDueTime()).isEqualTo(at(now));
            assertThat(followUp.getSlaDeadline()).isEqualTo(at(now.plus(Duration.ofHours(24))));
            assertThat(followUp.getPromisedTime()).isEqualTo(followUp.getSlaDeadline());
            assertThat(followUp.getPlaybook()).isEqualTo("playbooks/" + detractor.getId() + "/versions/1");
            assertThat(followUp.getHistory(0).getActor()).isEqualTo("crm");
        });
        assertThat(evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE, now,
                "response/r-2").setNpsScore(7))).isEmpty();
        assertThat(storedFollowUps(tenant)).hasSize(1);
    }

    @Test
    void aDetractorWithoutAnAccountOwnerIsOwnedByTheDefaultQueue() {
        String tenant = newTenant();
        Instant now = clock.instant();

        List<FollowUp> scheduled = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE,
                now, "response/r-1").setNpsScore(1).clearAccountOwner()
                .setContactWindow(ContactWindow.newBuilder().setTimeZone("UTC")));

        assertThat(scheduled).singleElement().satisfies(followUp -> {
            assertThat(followUp.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
            assertThat(followUp.getOwner()).isEqualTo("queue:customer-care");
            assertThat(followUp.getSlaDeadline()).isEqualTo(at(now.plus(Duration.ofHours(24))));
        });
    }

    @Test
    void withoutAnAccountOwnerThePlaybooksTeamTakesItsTurn() {
        String tenant = newTenant();
        create(tenant, playbook().setAction(playbook().getAction().toBuilder()
                .setOwnerStrategy(OwnerStrategy.OWNER_STRATEGY_ACCOUNT_OWNER)));
        Instant now = clock.instant();

        FollowUp withOwner = evaluate(tenant, complaintOpened(now, "complaint/c-1")).get(0);
        FollowUp first = evaluate(tenant, complaintOpened(now, "complaint/c-2").clearAccountOwner()
                .setContactWindow(ContactWindow.newBuilder().setTimeZone("UTC"))).get(0);
        FollowUp second = evaluate(tenant, complaintOpened(now, "complaint/c-3").clearAccountOwner()
                .setContactWindow(ContactWindow.newBuilder().setTimeZone("UTC"))).get(0);

        assertThat(withOwner.getOwner()).isEqualTo("olga@example.com");
        assertThat(List.of(first.getOwner(), second.getOwner())).containsExactly("anna", "bo");
    }

    @Test
    void aRetentionMeetingFallsInTheCustomersOwnOfficeHoursWithinOneBusinessDayWhereverTheyAre() {
        String tenant = newTenant();
        // Friday 16:00 UTC: Saturday 01:00 in Tokyo, Friday 17:00 in Stockholm, Friday 11:00 in New York.
        Instant friday = Instant.parse("2026-03-06T16:00:00Z");
        clock.set(friday);

        for (String zone : List.of("Asia/Tokyo", "Europe/Stockholm", "America/New_York")) {
            FollowUp meeting = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE,
                    friday, "contract/" + zone).setContactWindow(ContactWindow.newBuilder().setTimeZone(zone))).get(0);

            ZonedDateTime due = instant(meeting.getDueTime()).atZone(ZoneId.of(zone));
            ZonedDateTime deadline = instant(meeting.getSlaDeadline()).atZone(ZoneId.of(zone));
            assertThat(due.getDayOfWeek()).as(zone).isBetween(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
            assertThat(due.toLocalTime()).as(zone).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 0));
            assertThat(due).as(zone + ": the meeting keeps its deadline").isBeforeOrEqualTo(deadline);
            assertThat(deadline.toLocalTime()).as(zone).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 0));
            assertThat(Duration.between(due, deadline)).as(zone + ": within one business day")
                    .isLessThanOrEqualTo(Duration.ofDays(3).plusHours(8));
            assertThat(instant(meeting.getPromisedTime())).isEqualTo(instant(meeting.getSlaDeadline()));
        }
    }

    @Test
    void theOtherDefaultsScheduleCheckInsARetentionMeetingAndARefresh() {
        String tenant = newTenant();
        // Friday 16:00 UTC: the retention meeting's business day ends Monday 16:00 (default calendar in UTC).
        Instant friday = Instant.parse("2026-03-06T16:00:00Z");
        clock.set(friday);

        FollowUp checkIn = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_RESOLVED, friday,
                "complaint/c-1")).get(0);
        FollowUp retention = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE, friday,
                "contract/k-1")).get(0);
        FollowUp largeOrder = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED, friday,
                "order/o-1").setOrderValue(Money.newBuilder().setCurrencyCode("EUR").setUnits(12_000))).get(0);
        FollowUp refresh = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_EXPECTATIONS_STALE, friday,
                "expectations/e-1")).get(0);

        assertThat(checkIn.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN);
        assertThat(checkIn.getDueTime()).isEqualTo(at(friday.plus(Duration.ofDays(3))));
        assertThat(checkIn.getNoSales()).isTrue();
        assertThat(retention.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_RETENTION_MEETING);
        assertThat(retention.getSlaDeadline()).isEqualTo(at(Instant.parse("2026-03-09T16:00:00Z")));
        assertThat(largeOrder.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_LARGE_ORDER_CHECK_IN);
        assertThat(largeOrder.getDueTime()).isEqualTo(at(friday.plus(Duration.ofDays(7))));
        assertThat(largeOrder.getNoSales()).isTrue();
        assertThat(refresh.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_EXPECTATION_REFRESH);
        // Small orders and orders in another currency do not count as large.
        assertThat(evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED, friday, "order/o-2")
                .setOrderValue(Money.newBuilder().setCurrencyCode("EUR").setUnits(9_999)))).isEmpty();
        assertThat(evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED, friday, "order/o-3")
                .setOrderValue(Money.newBuilder().setCurrencyCode("USD").setUnits(50_000)))).isEmpty();
    }

    @Test
    void aCustomerAtRiskGetsARecoveryCallAndAnAdvocateAThankYouOncePerChangeOfState() {
        String tenant = newTenant();
        // Friday 16:00 UTC: the recovery call's two business days end Tuesday 16:00 (default calendar in UTC).
        Instant friday = Instant.parse("2026-03-06T16:00:00Z");
        clock.set(friday);
        PlaybookEvent.Builder atRisk = event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK, friday,
                "relationship/r-1");
        PlaybookEvent.Builder advocate = event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_ADVOCATE, friday,
                "relationship/r-2");

        FollowUp recovery = evaluate(tenant, atRisk).get(0);
        FollowUp thanks = evaluate(tenant, advocate).get(0);

        assertThat(recovery.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_AT_RISK_RECOVERY);
        assertThat(recovery.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_PHONE);
        assertThat(recovery.getOwner()).isEqualTo("olga@example.com");
        assertThat(recovery.getPriority()).isEqualTo(Priority.PRIORITY_HIGH);
        assertThat(recovery.getDueTime()).isEqualTo(at(friday));
        assertThat(recovery.getSlaDeadline()).isEqualTo(at(Instant.parse("2026-03-10T16:00:00Z")));
        assertThat(recovery.getPlaybook()).isEqualTo(reference(defaultFor(tenant,
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK)));
        assertThat(thanks.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_ADVOCATE_THANKS);
        assertThat(thanks.getChannel()).as("a thank-you, not a sales call")
                .isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(thanks.getNoSales()).isTrue();
        assertThat(thanks.getOwner()).isEqualTo("olga@example.com");
        assertThat(thanks.getSlaDeadline()).isEqualTo(at(friday.plus(Duration.ofDays(3))));

        // A redelivered change is the same source reference: nothing new.
        assertThat(evaluate(tenant, atRisk)).containsExactly(recovery);
        assertThat(evaluate(tenant, advocate)).containsExactly(thanks);
        assertThat(storedFollowUps(tenant)).hasSize(2);
        // At risk again after recovering is a new change, and a new call; nobody is dropped for want of an owner.
        FollowUp again = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK, friday,
                "relationship/r-3").clearAccountOwner()).get(0);
        assertThat(again.getId()).isNotEqualTo(recovery.getId());
        assertThat(again.getOwner()).isEqualTo("queue:customer-care");
        assertThat(storedFollowUps(tenant)).hasSize(3);
    }

    @Test
    void aDryRunStoresNothingAndTakesNoTurn() {
        String tenant = newTenant();
        create(tenant, playbook());

        List<FollowUp> first = dryRun(tenant, complaintOpened(clock.instant(), "complaint/c-1"));
        List<FollowUp> second = dryRun(tenant, complaintOpened(clock.instant(), "complaint/c-1"));

        assertThat(first).singleElement().satisfies(followUp -> {
            assertThat(followUp.getOwner()).isEqualTo("anna");
            assertThat(followUp.getReason()).isEqualTo(FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT);
        });
        assertThat(second.get(0).getOwner()).isEqualTo("anna");
        assertThat(storedFollowUps(tenant)).isEmpty();
        assertThat(evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-1")).get(0).getOwner())
                .isEqualTo("anna");
    }

    @Test
    void evaluatingTheSameEventAgainReturnsTheFollowUpsAlreadyScheduled() {
        String tenant = newTenant();
        create(tenant, playbook());

        List<FollowUp> first = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-1"));
        clock.advance(Duration.ofMinutes(5));
        List<FollowUp> again = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-1"));
        List<FollowUp> dryAgain = dryRun(tenant, complaintOpened(clock.instant(), "complaint/c-1"));
        FollowUp next = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-2")).get(0);

        assertThat(again).isEqualTo(first);
        assertThat(dryAgain).isEqualTo(first);
        assertThat(storedFollowUps(tenant)).hasSize(2);
        // The repeats took no turn: the second complaint goes to the second team member.
        assertThat(next.getOwner()).isEqualTo("bo");
    }

    @Test
    void roundRobinRotatesThroughTheTeam() {
        String tenant = newTenant();
        create(tenant, playbook());

        List<String> owners = IntStream.range(0, 4)
                .mapToObj(i -> evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-" + i)).get(0)
                        .getOwner())
                .toList();

        assertThat(owners).containsExactly("anna", "bo", "cy", "anna");
    }

    @Test
    void conditionsDecideWhetherAPlaybookMatches() {
        String tenant = newTenant();
        String custom = reference(create(tenant, playbook()));

        // A complaint the tenant's playbook does not match is acknowledged by the default playbook instead.
        assertThat(evaluate(tenant, complaintOpened(clock.instant(), "complaint/low")
                .setSeverity(Severity.SEVERITY_MEDIUM))).extracting(FollowUp::getPlaybook).doesNotContain(custom);
        assertThat(evaluate(tenant, complaintOpened(clock.instant(), "complaint/critical")
                .setSeverity(Severity.SEVERITY_CRITICAL))).extracting(FollowUp::getPlaybook).containsExactly(custom);
        assertThat(evaluate(tenant, complaintOpened(clock.instant(), "complaint/unknown").clearSeverity()))
                .extracting(FollowUp::getPlaybook).doesNotContain(custom);
    }

    @Test
    void anSlaInWorkingHoursRunsOnTheBusinessCalendar() {
        String tenant = newTenant();
        create(tenant, playbook().setCalendar(officeHours().addHolidays(Date.newBuilder().setYear(2026).setMonth(3)
                .setDay(9))).setAction(playbook().getActionBuilder().setSla(duration(Duration.ofHours(8)))));
        // Friday 16:00 Stockholm (UTC+1).
        Instant friday = Instant.parse("2026-03-06T15:00:00Z");
        clock.set(friday);

        FollowUp fridayAfternoon = evaluate(tenant, complaintOpened(friday, "complaint/c-1")).get(0);
        clock.set(Instant.parse("2026-03-07T10:00:00Z"));
        FollowUp saturday = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-2")).get(0);

        // 1 h on Friday; Monday 9 March is a holiday; 7 h on Tuesday: Tuesday 16:00 local.
        assertThat(fridayAfternoon.getDueTime()).isEqualTo(at(friday));
        assertThat(fridayAfternoon.getSlaDeadline()).isEqualTo(at(Instant.parse("2026-03-10T15:00:00Z")));
        // Due at the next working time, Tuesday 09:00 local, and done by its end.
        assertThat(saturday.getDueTime()).isEqualTo(at(Instant.parse("2026-03-10T08:00:00Z")));
        assertThat(saturday.getSlaDeadline()).isEqualTo(at(Instant.parse("2026-03-10T16:00:00Z")));
    }

    @Test
    void followUpsRecordTheVersionThatMadeThem() {
        String tenant = newTenant();
        Playbook created = create(tenant, playbook());
        FollowUp before = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-1")).get(0);

        playbooks(tenant).updatePlaybook(UpdatePlaybookRequest.newBuilder()
                .setPlaybook(playbook().setId(created.getId()).setAction(playbook().getActionBuilder()
                        .setSla(duration(Duration.ofHours(2)))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("action")).build());
        FollowUp after = evaluate(tenant, complaintOpened(clock.instant(), "complaint/c-2")).get(0);

        assertThat(before.getPlaybook()).isEqualTo("playbooks/" + created.getId() + "/versions/1");
        assertThat(after.getPlaybook()).isEqualTo("playbooks/" + created.getId() + "/versions/2");
        assertThat(after.getSlaDeadline()).isEqualTo(at(clock.instant().plus(Duration.ofHours(2))));
    }

    @Test
    void archivedPlaybooksAndOtherTenantsPlaybooksAreNotEvaluated() {
        String owner = newTenant();
        Playbook created = create(owner, playbook());

        assertThat(evaluate(newTenant(), complaintOpened(clock.instant(), "complaint/c-1")))
                .extracting(FollowUp::getPlaybook).doesNotContain(reference(created));
        playbooks(owner).archivePlaybook(ArchivePlaybookRequest.newBuilder().setPlaybookId(created.getId()).build());
        assertThat(evaluate(owner, complaintOpened(clock.instant(), "complaint/c-2")))
                .extracting(FollowUp::getPlaybook).doesNotContain(reference(created));
    }

    @Test
    void dueTimesMoveOutOfTheCustomersQuietHours() {
        String tenant = newTenant();
        create(tenant, playbook());
        // 22:00 in Stockholm: due at 08:00 the next morning (the default quiet hours).
        Instant evening = Instant.parse("2026-03-02T21:00:00Z");
        clock.set(evening);

        FollowUp followUp = evaluate(tenant, complaintOpened(evening, "complaint/c-1").setContactWindow(
                ContactWindow.newBuilder().setTimeZone("Europe/Stockholm"))).get(0);

        assertThat(followUp.getDueTime()).isEqualTo(at(Instant.parse("2026-03-03T07:00:00Z")));
        assertThat(followUp.getContactWindow().getTimeZone()).isEqualTo("Europe/Stockholm");
    }
}
