package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.followup.FollowUpFixtures.outcome;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.exceed.followup.v1.CancelFollowUpRequest;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.exceed.followup.v1.GetPromiseLedgerRequest;
import io.exceed.followup.v1.GetPromiseLedgerResponse;
import io.exceed.followup.v1.LedgerFigures;
import io.exceed.followup.v1.LedgerGroup;
import io.exceed.followup.v1.LedgerGrouping;
import io.exceed.followup.v1.PromiseLedgerServiceGrpc;
import io.exceed.followup.v1.StartFollowUpRequest;

class PromiseLedgerServiceTest extends FollowUpServiceTestBase {

    private static final Duration WEEK = Duration.ofDays(7);

    private FollowUpServiceBlockingStub followUps(String tenant) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
    }

    private GetPromiseLedgerResponse ledger(String tenant, GetPromiseLedgerRequest.Builder request) {
        return as(tenant, PromiseLedgerServiceGrpc.newBlockingStub(channel)).getPromiseLedger(request.build());
    }

    private GetPromiseLedgerRequest.Builder window(Instant start, Duration length) {
        return GetPromiseLedgerRequest.newBuilder().setStartTime(at(start)).setEndTime(at(start.plus(length)));
    }

    private String create(String tenant, FollowUp.Builder followUp) {
        return followUps(tenant).createFollowUp(CreateFollowUpRequest.newBuilder().setFollowUp(followUp).build())
                .getId();
    }

    private void startAt(String tenant, String id, Duration afterStart, Instant t0) {
        clock.set(t0.plus(afterStart));
        followUps(tenant).startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(id)
                .setActor("anna@example.com").build());
    }

    private void completeAt(String tenant, String id, Duration afterStart, Instant t0) {
        clock.set(t0.plus(afterStart));
        followUps(tenant).completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(id)
                .setOutcome(outcome()).setActor("anna@example.com").build());
    }

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    @Test
    void theLedgerCountsThePromisesOfTheWindowAsTheyStandNow() {
        String tenant = newTenant();
        String other = newTenant();
        Instant t0 = clock.instant();
        // Fixture follow-ups are due at +2 h, promised at +4 h, with an SLA of 24 h.
        String beaten = create(tenant, followUp(t0, "response/r-1"));
        String met = create(tenant, followUp(t0, "response/r-2"));
        String late = create(tenant, followUp(t0, "response/r-3").setSla(duration(hours(5))));
        create(tenant, followUp(t0, "response/r-4").setSla(duration(hours(5))));
        create(tenant, followUp(t0, "response/r-5").setDueTime(at(t0.plus(hours(40))))
                .setPromisedTime(at(t0.plus(hours(48)))).setSla(duration(hours(72))));
        String onTheDot = create(tenant, followUp(t0, "complaint/c-1").setOwner("bo@example.com")
                .setReason(FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT));
        String withdrawn = create(tenant, followUp(t0, "response/r-7"));
        create(tenant, followUp(t0, "response/r-8").setDueTime(at(t0.plus(Duration.ofDays(8))))
                .setPromisedTime(at(t0.plus(Duration.ofDays(8)))).setSla(duration(Duration.ofDays(9))));
        String elsewhere = create(other, followUp(t0, "response/r-1"));

        startAt(tenant, beaten, hours(1), t0);
        startAt(other, elsewhere, hours(1), t0);
        completeAt(tenant, beaten, minutes(90), t0);
        clock.set(t0.plus(hours(2)));
        followUps(tenant).cancelFollowUp(CancelFollowUpRequest.newBuilder().setFollowUpId(withdrawn)
                .setReason("customer asked us not to call").build());
        startAt(tenant, met, minutes(210), t0);
        startAt(tenant, onTheDot, hours(4), t0);
        completeAt(tenant, onTheDot, minutes(250), t0);
        startAt(tenant, late, hours(5), t0);
        completeAt(tenant, met, hours(5), t0);
        completeAt(tenant, late, hours(6), t0);

        GetPromiseLedgerResponse ledger = ledger(tenant, window(t0, WEEK));

        assertThat(ledger.getComputeTime()).isEqualTo(at(t0.plus(hours(6))));
        assertThat(ledger.getBeatTolerance()).isEqualTo(duration(hours(1)));
        assertThat(ledger.getGroupsList()).isEmpty();
        LedgerFigures total = ledger.getTotal();
        // r-8 is promised after the window; the other tenant's follow-up is not counted.
        assertThat(total.getFollowUpCount()).isEqualTo(7);
        assertThat(total.getPromises()).satisfies(p -> {
            assertThat(p.getJudgedCount()).isEqualTo(5);
            assertThat(p.getKeptCount()).isEqualTo(3);
            assertThat(p.getBeatenCount()).isEqualTo(1);
            assertThat(p.getMetCount()).isEqualTo(2);
            assertThat(p.getBrokenCount()).isEqualTo(2);
            assertThat(p.getPendingCount()).isEqualTo(1);
            assertThat(p.getWithdrawnCount()).isEqualTo(1);
            assertThat(p.getKeptRate()).isEqualTo(0.6);
            assertThat(p.getBeatenRate()).isEqualTo(0.2);
            assertThat(p.getBrokenRate()).isEqualTo(0.4);
            assertThat(p.getMedianOverDelivery()).isEqualTo(duration(minutes(30)));
        });
        assertThat(total.getSla()).satisfies(s -> {
            assertThat(s.getJudgedCount()).isEqualTo(5);
            assertThat(s.getMetCount()).isEqualTo(3);
            assertThat(s.getMissedCount()).isEqualTo(2);
            assertThat(s.getPendingCount()).isEqualTo(1);
            assertThat(s.getAdherence()).isEqualTo(0.6);
        });
        assertThat(total.getDetractorContact()).satisfies(d -> {
            assertThat(d.getFollowUpCount()).isEqualTo(6);
            assertThat(d.getContactedCount()).isEqualTo(3);
            assertThat(d.getMedianTimeToFirstContact()).isEqualTo(duration(minutes(210)));
            assertThat(d.getP90TimeToFirstContact()).isEqualTo(duration(hours(5)));
        });

        assertThat(ledger(tenant, window(t0, WEEK).setGroupBy(LedgerGrouping.LEDGER_GROUPING_OWNER_AND_REASON))
                .getGroupsList())
                .extracting(LedgerGroup::getOwner, LedgerGroup::getReason,
                        group -> group.getFigures().getFollowUpCount())
                .containsExactly(
                        tuple("anna@example.com", FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY, 6L),
                        tuple("bo@example.com", FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT, 1L));
        LedgerFigures bo = ledger(tenant, window(t0, WEEK).setOwner("bo@example.com")).getTotal();
        assertThat(bo.getFollowUpCount()).isEqualTo(1);
        assertThat(bo.getPromises().getMetCount()).isEqualTo(1);
        assertThat(bo.getPromises().getMedianOverDelivery()).isEqualTo(duration(Duration.ZERO));
        assertThat(ledger(tenant, window(t0, WEEK)
                .setReason(FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT)).getTotal()).isEqualTo(bo);
    }

    @Test
    void anotherTenantsFollowUpsAreNeverCounted() {
        String tenant = newTenant();
        Instant t0 = clock.instant();
        String id = create(tenant, followUp(t0, "response/r-1"));
        startAt(tenant, id, hours(1), t0);

        LedgerFigures mine = ledger(tenant, window(t0, WEEK)).getTotal();
        LedgerFigures theirs = ledger(newTenant(), window(t0, WEEK)).getTotal();

        assertThat(mine.getFollowUpCount()).isEqualTo(1);
        assertThat(mine.getPromises().getBeatenCount()).isEqualTo(1);
        assertThat(theirs.getFollowUpCount()).isZero();
        assertThat(theirs.getPromises().getJudgedCount()).isZero();
        assertThat(theirs.getPromises().hasKeptRate()).isFalse();
        assertThat(theirs.getPromises().hasMedianOverDelivery()).isFalse();
        assertThat(theirs.getDetractorContact().hasMedianTimeToFirstContact()).isFalse();
    }

    @Test
    void theWindowMustBeGivenInOrderAndAtMostAYear() {
        String tenant = newTenant();
        Instant t0 = clock.instant();

        assertInvalid(() -> ledger(tenant, GetPromiseLedgerRequest.newBuilder().setEndTime(at(t0))), "start_time");
        assertInvalid(() -> ledger(tenant, GetPromiseLedgerRequest.newBuilder().setStartTime(at(t0))), "end_time");
        assertInvalid(() -> ledger(tenant, window(t0, Duration.ZERO)), "end_time");
        assertInvalid(() -> ledger(tenant, window(t0, Duration.ofDays(367))), "end_time");
        assertThat(ledger(tenant, window(t0, Duration.ofDays(366))).getTotal().getFollowUpCount()).isZero();
    }

    @Test
    void anUnknownGroupingOrReasonIsNamed() {
        String tenant = newTenant();
        Instant t0 = clock.instant();

        assertInvalid(() -> ledger(tenant, window(t0, WEEK).setGroupByValue(99)), "group_by");
        assertInvalid(() -> ledger(tenant, window(t0, WEEK).setReasonValue(99)), "reason");
        assertInvalid(() -> ledger(tenant, window(t0, WEEK).setOwner("x".repeat(257))), "owner");
    }
}
