package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.PlaybookFixtures.complaintOpened;
import static io.exceed.followup.PlaybookFixtures.event;
import static io.exceed.followup.PlaybookFixtures.officeHours;
import static io.exceed.followup.PlaybookFixtures.playbook;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;
import com.google.type.Date;
import com.google.type.Money;
import com.google.type.TimeOfDay;

import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreatePlaybookRequest;
import io.exceed.followup.v1.EscalationPolicy;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.GetPlaybookRequest;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListPlaybooksRequest;
import io.exceed.followup.v1.OwnerStrategy;
import io.exceed.followup.v1.Playbook;
import io.exceed.followup.v1.PlaybookAction;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.followup.v1.PlaybookServiceGrpc.PlaybookServiceBlockingStub;
import io.exceed.followup.v1.UpdatePlaybookRequest;
import io.exceed.followup.v1.WorkingHours;

class PlaybookValidationTest extends FollowUpServiceTestBase {

    private PlaybookServiceBlockingStub playbooks(String tenant) {
        return as(tenant, PlaybookServiceGrpc.newBlockingStub(channel));
    }

    /** Asserts the playbook is refused naming {@code fields}, and that nothing was stored. */
    private void assertRefused(Playbook.Builder playbook, String... fields) {
        String tenant = newTenant();
        assertInvalid(() -> playbooks(tenant).createPlaybook(CreatePlaybookRequest.newBuilder()
                .setPlaybook(playbook).build()), fields);
        assertThat(playbooks(tenant).listPlaybooks(ListPlaybooksRequest.getDefaultInstance()).getPlaybooksList())
                .extracting(Playbook::getDisplayName).doesNotContain(playbook.getDisplayName())
                .hasSize(PlaybookFixtures.DEFAULT_PLAYBOOKS);
    }

    /** Asserts the event is refused naming {@code fields}, and that no follow-up was scheduled. */
    private void assertRefused(PlaybookEvent.Builder event, String... fields) {
        String tenant = newTenant();
        assertInvalid(() -> playbooks(tenant).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder()
                .setEvent(event).build()), fields);
        assertThat(as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .listFollowUps(ListFollowUpsRequest.getDefaultInstance()).getFollowUpsList()).isEmpty();
    }

    private static Playbook.Builder withAction(Consumer<PlaybookAction.Builder> change) {
        Playbook.Builder playbook = playbook();
        change.accept(playbook.getActionBuilder());
        return playbook;
    }

    @Test
    void missingRequiredFieldsAreAllNamedAtOnce() {
        assertRefused(Playbook.newBuilder(), "playbook.display_name", "playbook.trigger.event_kind",
                "playbook.action.reason", "playbook.action.channel", "playbook.action.owner_strategy",
                "playbook.action.sla");
    }

    @Test
    void anSlaOfZeroOrLessIsRefused() {
        assertRefused(withAction(action -> action.setSla(duration(Duration.ZERO))), "playbook.action.sla");
        assertRefused(withAction(action -> action.setSla(duration(Duration.ofHours(-1)))), "playbook.action.sla");
        assertRefused(withAction(action -> action.clearSla()), "playbook.action.sla");
    }

    @Test
    void businessDaysNeedACalendarAndExcludeADurationSla() {
        assertRefused(withAction(action -> action.clearSla().setSlaBusinessDays(1)),
                "playbook.action.sla_business_days");
        assertRefused(withAction(action -> action.setSlaBusinessDays(1)).setCalendar(officeHours()),
                "playbook.action.sla");
        assertRefused(withAction(action -> action.clearSla().setSlaBusinessDays(31)).setCalendar(officeHours()),
                "playbook.action.sla_business_days");
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertRefused(withAction(action -> action.setDelay(duration(Duration.ofMinutes(-1)))),
                "playbook.action.delay");
    }

    @Test
    void ownerStrategiesAreCheckedWithTheirTeams() {
        assertRefused(withAction(action -> action.setOwnerStrategyValue(42)), "playbook.action.owner_strategy");
        assertRefused(withAction(action -> action.clearTeam()), "playbook.action.team");
        assertRefused(withAction(action -> action.setTeam(1, " ")), "playbook.action.team[1]");
        assertRefused(withAction(action -> action.setOwnerStrategy(OwnerStrategy.OWNER_STRATEGY_ACCOUNT_OWNER)
                .setTeam(2, "")), "playbook.action.team[2]");
    }

    @Test
    void conditionsMustFitTheTriggersEventKind() {
        assertRefused(playbook().setTrigger(playbook().getTrigger().toBuilder().setMaxNpsScore(6)),
                "playbook.trigger.max_nps_score");
        assertRefused(playbook().setTrigger(playbook().getTrigger().toBuilder()
                .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED)), "playbook.trigger.min_severity");
        assertRefused(playbook().setTrigger(playbook().getTrigger().toBuilder()
                .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE).clearMinSeverity()
                .setMaxNpsScore(11)), "playbook.trigger.max_nps_score");
        assertRefused(playbook().setTrigger(playbook().getTrigger().toBuilder()
                .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED).clearMinSeverity()
                .setMinOrderValue(Money.newBuilder().setCurrencyCode("euro").setUnits(-5))),
                "playbook.trigger.min_order_value.currency_code", "playbook.trigger.min_order_value");
        assertRefused(playbook().setTrigger(playbook().getTrigger().toBuilder().setMinSeverityValue(42)),
                "playbook.trigger.min_severity");
    }

    @Test
    void aBadCalendarIsRefused() {
        assertRefused(playbook().setCalendar(officeHours().setTimeZone("Europe/Atlantis")),
                "playbook.calendar.time_zone");
        assertRefused(playbook().setCalendar(officeHours().setWorkingHours(0, WorkingHours.newBuilder()
                .setDayValue(1).setStart(TimeOfDay.newBuilder().setHours(17))
                .setEnd(TimeOfDay.newBuilder().setHours(9)))), "playbook.calendar.working_hours[0].end");
        assertRefused(playbook().setCalendar(officeHours().setWorkingHours(1, officeHours().getWorkingHours(0))),
                "playbook.calendar.working_hours[1].day");
        assertRefused(playbook().setCalendar(officeHours().clearWorkingHours()), "playbook.calendar.working_hours");
        assertRefused(playbook().setCalendar(officeHours().addHolidays(Date.newBuilder().setYear(2026)
                .setMonth(2).setDay(30))), "playbook.calendar.holidays[0]");
        assertRefused(playbook().setCalendar(officeHours().addWorkingHours(WorkingHours.newBuilder()
                .setStart(TimeOfDay.newBuilder().setHours(25)))),
                "playbook.calendar.working_hours[5].day", "playbook.calendar.working_hours[5].start");
    }

    @Test
    void aBadEscalationPolicyIsRefused() {
        assertRefused(playbook().setEscalationPolicy(EscalationPolicy.newBuilder().setWarningPercent(100)),
                "playbook.escalation_policy.warning_percent");
    }

    @Test
    void anInvalidUpdateChangesNothing() {
        String tenant = newTenant();
        Playbook created = playbooks(tenant).createPlaybook(CreatePlaybookRequest.newBuilder()
                .setPlaybook(playbook()).build());

        assertInvalid(() -> playbooks(tenant).updatePlaybook(UpdatePlaybookRequest.newBuilder()
                .setPlaybook(Playbook.newBuilder().setId(created.getId()))
                .setUpdateMask(FieldMask.newBuilder().addPaths("state")).build()), "update_mask.paths[0]");
        assertInvalid(() -> playbooks(tenant).updatePlaybook(UpdatePlaybookRequest.newBuilder()
                .setPlaybook(withAction(action -> action.clearTeam()).setId(created.getId())).build()),
                "playbook.action.team");
        assertInvalid(() -> playbooks(tenant).createPlaybook(CreatePlaybookRequest.newBuilder()
                .setPlaybook(playbook()).setRequestId("not ok!").build()), "request_id");

        assertThat(playbooks(tenant).getPlaybook(GetPlaybookRequest.newBuilder().setPlaybookId(created.getId())
                .build())).isEqualTo(created);
    }

    @Test
    void anEventMissingItsFactsIsRefused() {
        assertRefused(PlaybookEvent.newBuilder(), "event.kind", "event.customer_id", "event.source_reference",
                "event.occur_time");
        assertRefused(event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE, clock.instant(), "r")
                .setNpsScore(11), "event.nps_score");
        assertRefused(complaintOpened(clock.instant().plus(Duration.ofDays(2)), "c"), "event.occur_time");
        assertRefused(complaintOpened(clock.instant(), "c").setContactWindow(ContactWindow.newBuilder()
                .setTimeZone("Mars/Olympus")), "event.contact_window.time_zone");
    }

}
