package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.type.TimeOfDay;

import io.exceed.customer.v1.QuietHours;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.EscalationPolicy;
import io.exceed.followup.v1.EscalationStep;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.Outcome;
import io.exceed.followup.v1.StartFollowUpRequest;

class FollowUpValidationTest extends FollowUpServiceTestBase {

    private FollowUpServiceBlockingStub followUps(String tenant) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
    }

    /** Asserts the follow-up is refused naming {@code fields}, and that nothing was stored. */
    private void assertRefused(FollowUp.Builder followUp, String... fields) {
        String tenant = newTenant();
        assertInvalid(() -> followUps(tenant).createFollowUp(CreateFollowUpRequest.newBuilder()
                .setFollowUp(followUp).build()), fields);
        assertThat(followUps(tenant).listFollowUps(ListFollowUpsRequest.getDefaultInstance()).getFollowUpsList())
                .isEmpty();
    }

    @Test
    void aPromiseEarlierThanTheDueTimeIsRefused() {
        Instant now = clock.instant();
        assertRefused(followUp(now, "r").setPromisedTime(at(now.plus(Duration.ofHours(1)))),
                "follow_up.promised_time");
    }

    @Test
    void anSlaOfZeroOrLessOrEndingBeforeTheDueTimeIsRefused() {
        Instant now = clock.instant();
        assertRefused(followUp(now, "r").setSla(duration(Duration.ZERO)), "follow_up.sla");
        assertRefused(followUp(now, "r").setSla(duration(Duration.ofHours(-1))), "follow_up.sla");
        assertRefused(followUp(now, "r").setSla(duration(Duration.ofHours(1))), "follow_up.sla");
        assertRefused(followUp(now, "r").clearSla(), "follow_up.sla");
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertRefused(followUp(clock.instant(), "r").setContactWindow(ContactWindow.newBuilder()
                .setTimeZone("Europe/Atlantis")), "follow_up.contact_window.time_zone");
        assertRefused(followUp(clock.instant(), "r").setContactWindow(ContactWindow.newBuilder()),
                "follow_up.contact_window.time_zone");
    }

    @Test
    void invalidQuietHoursAreRefused() {
        assertRefused(followUp(clock.instant(), "r").setContactWindow(ContactWindow.newBuilder()
                .setTimeZone("Europe/Stockholm")
                .setQuietHours(QuietHours.newBuilder().setStart(TimeOfDay.newBuilder().setHours(25))
                        .setEnd(TimeOfDay.newBuilder().setHours(8)))),
                "follow_up.contact_window.quiet_hours.start");
    }

    @Test
    void missingRequiredFieldsAreAllNamedAtOnce() {
        assertRefused(FollowUp.newBuilder(), "follow_up.customer_id", "follow_up.reason",
                "follow_up.source_reference", "follow_up.owner", "follow_up.channel", "follow_up.due_time",
                "follow_up.promised_time", "follow_up.sla");
    }

    @Test
    void unknownEnumValuesAreRefused() {
        assertRefused(followUp(clock.instant(), "r").setPriorityValue(42), "follow_up.priority");
        assertRefused(followUp(clock.instant(), "r").setReasonValue(42), "follow_up.reason");
    }

    @Test
    void aBadEscalationPolicyIsRefused() {
        assertRefused(followUp(clock.instant(), "r").setEscalationPolicy(EscalationPolicy.newBuilder()
                        .setWarningPercent(100)
                        .addSteps(EscalationStep.newBuilder().setTarget("lead").setAfterBreach(duration(Duration.ofHours(2))))
                        .addSteps(EscalationStep.newBuilder().setTarget("manager").setAfterBreach(duration(Duration.ofHours(1))))
                        .addSteps(EscalationStep.newBuilder().setAfterBreach(duration(Duration.ofHours(3))))),
                "follow_up.escalation_policy.warning_percent", "follow_up.escalation_policy.steps[1].after_breach",
                "follow_up.escalation_policy.steps[2].target");
    }

    @Test
    void aDueTimeYearsAheadIsRefused() {
        Instant now = clock.instant();
        assertRefused(followUp(now, "r").setDueTime(at(now.plus(Duration.ofDays(3000))))
                .setPromisedTime(at(now.plus(Duration.ofDays(3001)))).setSla(duration(Duration.ofDays(300))),
                "follow_up.due_time");
    }

    @Test
    void completingNeedsAnOutcomeThatSaysWhetherTrustWasRestored() {
        String tenant = newTenant();
        FollowUp created = followUps(tenant).createFollowUp(CreateFollowUpRequest.newBuilder()
                .setFollowUp(followUp(clock.instant(), "r")
                        .setReason(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY)).build());
        followUps(tenant).startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(created.getId()).build());

        assertInvalid(() -> followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).build()), "outcome");
        assertInvalid(() -> followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setOutcome(Outcome.newBuilder().setNotes(" ")).build()),
                "outcome.notes", "outcome.customer_satisfied", "outcome.trust_restored");
        assertInvalid(() -> followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setOutcome(FollowUpFixtures.outcome()
                        .setGoodwillGesture("x".repeat(501))).build()), "outcome.goodwill_gesture");
        assertInvalid(() -> followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setOutcome(FollowUpFixtures.outcome()).setRequestId("not ok!").build()),
                "request_id");
    }
}
