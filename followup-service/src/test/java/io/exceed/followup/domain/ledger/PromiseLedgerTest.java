package io.exceed.followup.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStatus;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.MilestoneKind;
import io.exceed.followup.domain.followup.Outcome;
import io.exceed.followup.domain.followup.Priority;

class PromiseLedgerTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Outcome OUTCOME = new Outcome("Called back.", true, "", true);
    private static final Duration MS = Duration.ofMillis(1);

    private final PromiseLedger ledger = new PromiseLedger(hours(1));

    private static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    private static Instant at(Duration afterT0) {
        return T0.plus(afterT0);
    }

    /** Created at T0 for anna, a detractor recovery promised {@code promisedAfter} later, SLA 24 h. */
    private static FollowUp promised(Duration promisedAfter) {
        return followUp("anna", FollowUpReason.DETRACTOR_RECOVERY, promisedAfter, hours(24));
    }

    private static FollowUp followUp(String owner, FollowUpReason reason, Duration promisedAfter, Duration sla) {
        return FollowUp.builder().id("f-" + owner + "-" + promisedAfter).customerId("cust-1").reason(reason)
                .sourceReference("response/r-1").owner(owner).channel(ContactChannel.PHONE).priority(Priority.NORMAL)
                .dueTime(T0).promisedTime(at(promisedAfter)).slaDeadline(at(sla))
                .escalationPolicy(EscalationPolicy.defaults()).status(FollowUpStatus.SCHEDULED)
                .createTime(T0).updateTime(T0).build();
    }

    private static FollowUp contacted(FollowUp followUp, Duration after) {
        return followUp.start("anna", at(after));
    }

    private static FollowUp done(FollowUp followUp, Duration contactAfter, Duration doneAfter) {
        return contacted(followUp, contactAfter).complete(OUTCOME, "anna", at(doneAfter));
    }

    private static FollowUp cancelled(FollowUp followUp, Duration after) {
        return followUp.cancel("customer moved", "anna", at(after));
    }

    private LedgerFigures total(Instant now, FollowUp... followUps) {
        return ledger.compute(List.of(followUps), LedgerGrouping.NONE, now).total();
    }

    @Test
    void contactExactlyAtThePromisedTimeKeepsThePromiseWithNoMargin() {
        LedgerFigures figures = total(at(hours(8)), done(promised(hours(4)), hours(4), hours(5)));

        assertThat(figures.promises()).satisfies(p -> {
            assertThat(p.judged()).isEqualTo(1);
            assertThat(p.kept()).isEqualTo(1);
            assertThat(p.met()).isEqualTo(1);
            assertThat(p.beaten()).isZero();
            assertThat(p.broken()).isZero();
            assertThat(p.keptRate()).hasValue(1.0);
            assertThat(p.beatenRate()).hasValue(0.0);
            assertThat(p.medianOverDelivery()).contains(Duration.ZERO);
        });
    }

    @Test
    void aPromiseIsBeatenOnlyByMoreThanTheTolerance() {
        FollowUp promise = promised(hours(4));

        assertThat(ledger.judge(contacted(promise, hours(3)), at(hours(3)))).isEqualTo(PromiseOutcome.MET);
        assertThat(ledger.judge(contacted(promise, hours(3).minus(MS)), at(hours(3))))
                .isEqualTo(PromiseOutcome.BEATEN);
        assertThat(ledger.judge(contacted(promise, hours(4).plus(MS)), at(hours(5))))
                .isEqualTo(PromiseOutcome.BROKEN);
    }

    @Test
    void theFirstContactDeliversThePromiseNotTheCompletion() {
        FollowUp late = done(promised(hours(4)), hours(3), hours(6));

        assertThat(PromiseLedger.delivery(late)).isEqualTo(at(hours(3)));
        assertThat(ledger.judge(late, at(hours(6)))).isEqualTo(PromiseOutcome.MET);
        assertThat(total(at(hours(6)), late).promises().medianOverDelivery()).contains(hours(1));
    }

    @Test
    void aFollowUpDoneWithoutAStartDeliveredWhenItWasCompleted() {
        FollowUp promise = promised(hours(30));
        FollowUp escalated = promise.reach(new Milestone(MilestoneKind.BREACH, promise.slaDeadline(), 0),
                at(hours(24)));
        FollowUp done = escalated.complete(OUTCOME, "anna", at(hours(26)));

        assertThat(done.firstContactTime()).isNull();
        assertThat(PromiseLedger.delivery(done)).isEqualTo(at(hours(26)));
        assertThat(ledger.judge(done, at(hours(26)))).isEqualTo(PromiseOutcome.BEATEN);
        assertThat(ledger.judge(escalated, at(hours(26)))).isEqualTo(PromiseOutcome.PENDING);
    }

    @Test
    void anOpenPromiseIsPendingUntilItsTimeHasPassed() {
        FollowUp open = promised(hours(4));

        assertThat(ledger.judge(open, at(hours(4)))).isEqualTo(PromiseOutcome.PENDING);
        assertThat(ledger.judge(open, at(hours(4)).plus(MS))).isEqualTo(PromiseOutcome.BROKEN);
        assertThat(ledger.judge(contacted(open, hours(5)), at(hours(5)))).isEqualTo(PromiseOutcome.BROKEN);
    }

    @Test
    void cancellingWithdrawsAPromiseOnlyBeforeItIsBroken() {
        FollowUp promise = promised(hours(4));

        assertThat(ledger.judge(cancelled(promise, hours(2)), at(hours(9)))).isEqualTo(PromiseOutcome.WITHDRAWN);
        assertThat(ledger.judge(cancelled(promise, hours(4)), at(hours(9)))).isEqualTo(PromiseOutcome.WITHDRAWN);
        assertThat(ledger.judge(cancelled(promise, hours(5)), at(hours(9)))).isEqualTo(PromiseOutcome.BROKEN);
        assertThat(ledger.judge(cancelled(contacted(promise, hours(1)), hours(5)), at(hours(9))))
                .isEqualTo(PromiseOutcome.BEATEN);
    }

    @Test
    void noFollowUpsGiveZeroCountsAndNoFigures() {
        LedgerReport report = ledger.compute(List.of(), LedgerGrouping.OWNER_AND_REASON, T0);

        assertThat(report.groups()).isEmpty();
        assertThat(report.computeTime()).isEqualTo(T0);
        assertThat(report.beatTolerance()).isEqualTo(hours(1));
        LedgerFigures figures = report.total();
        assertThat(figures.followUpCount()).isZero();
        assertThat(figures.promises()).isEqualTo(new LedgerFigures.Promises(0, 0, 0, 0, 0, 0, 0,
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty()));
        assertThat(figures.sla()).isEqualTo(new LedgerFigures.Sla(0, 0, 0, 0, OptionalDouble.empty()));
        assertThat(figures.detractorContact()).isEqualTo(new LedgerFigures.DetractorContact(0, 0,
                Optional.empty(), Optional.empty()));
    }

    @Test
    void allBrokenGivesAKeptRateOfZeroAndNoMargin() {
        LedgerFigures figures = total(at(hours(10)),
                promised(hours(1)),
                done(promised(hours(2)), hours(3), hours(4)),
                cancelled(promised(hours(3)), hours(5)));

        assertThat(figures.promises()).satisfies(p -> {
            assertThat(p.judged()).isEqualTo(3);
            assertThat(p.broken()).isEqualTo(3);
            assertThat(p.kept()).isZero();
            assertThat(p.keptRate()).hasValue(0.0);
            assertThat(p.brokenRate()).hasValue(1.0);
            assertThat(p.medianOverDelivery()).isEmpty();
        });
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        LedgerFigures figures = total(at(hours(6)),
                contacted(promised(hours(6)), hours(5)),
                contacted(promised(hours(6)), hours(4)),
                contacted(promised(hours(6)), hours(3)),
                contacted(promised(hours(6)), hours(1)));

        assertThat(figures.promises().kept()).isEqualTo(4);
        assertThat(figures.promises().medianOverDelivery()).contains(hours(2).plus(minutes(30)));
    }

    @Test
    void aMixedSetAddsUpByHand() {
        // Promised at 4 h, looked at 6 h after creation.
        LedgerFigures figures = total(at(hours(6)),
                done(promised(hours(4)), hours(1), hours(2)),          // beaten by 3 h
                done(promised(hours(4)), minutes(210), hours(5)),      // met with 30 min
                done(promised(hours(4)), hours(5), hours(6)),          // broken: contact late
                promised(hours(4)),                                    // broken: open past the promise
                promised(hours(48)),                                   // pending
                cancelled(promised(hours(4)), hours(2)));              // withdrawn

        assertThat(figures.followUpCount()).isEqualTo(6);
        assertThat(figures.promises()).satisfies(p -> {
            assertThat(p.judged()).isEqualTo(4);
            assertThat(p.kept()).isEqualTo(2);
            assertThat(p.beaten()).isEqualTo(1);
            assertThat(p.met()).isEqualTo(1);
            assertThat(p.broken()).isEqualTo(2);
            assertThat(p.pending()).isEqualTo(1);
            assertThat(p.withdrawn()).isEqualTo(1);
            assertThat(p.keptRate()).hasValue(0.5);
            assertThat(p.beatenRate()).hasValue(0.25);
            assertThat(p.brokenRate()).hasValue(0.5);
            assertThat(p.medianOverDelivery()).contains(hours(1).plus(minutes(45)));
        });
        // Three done before the 24 h deadline; the open ones are pending; the cancelled one is not judged.
        assertThat(figures.sla()).isEqualTo(new LedgerFigures.Sla(3, 3, 0, 2, OptionalDouble.of(1.0)));
        assertThat(figures.detractorContact()).satisfies(d -> {
            assertThat(d.followUps()).isEqualTo(6);
            assertThat(d.contacted()).isEqualTo(3);
            assertThat(d.median()).contains(minutes(210));
            assertThat(d.p90()).contains(hours(5));
        });
    }

    @Test
    void theSlaIsMetByBeingDoneByTheDeadline() {
        Duration sla = hours(8);
        FollowUpReason reason = FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT;
        LedgerFigures figures = total(at(hours(10)),
                done(followUp("a", reason, hours(4), sla), hours(1), hours(8)),          // met, on the deadline
                done(followUp("b", reason, hours(4), sla), hours(1), hours(8).plus(MS)), // missed
                followUp("c", reason, hours(4), sla),                                    // missed: open past it
                followUp("d", reason, hours(4), hours(10)),                              // pending: deadline now
                cancelled(followUp("e", reason, hours(4), sla), hours(3)),               // not judged
                cancelled(followUp("f", reason, hours(4), sla), hours(9)));              // missed

        assertThat(figures.sla()).satisfies(s -> {
            assertThat(s.judged()).isEqualTo(4);
            assertThat(s.met()).isEqualTo(1);
            assertThat(s.missed()).isEqualTo(3);
            assertThat(s.pending()).isEqualTo(1);
            assertThat(s.adherence()).hasValue(0.25);
        });
        assertThat(figures.detractorContact().followUps()).isZero();
    }

    @Test
    void timeToFirstContactForDetractorsHasAMedianAndANearestRankP90() {
        List<FollowUp> followUps = new ArrayList<>(IntStream.rangeClosed(1, 10)
                .mapToObj(h -> contacted(promised(hours(h + 100)), hours(h))).toList());
        followUps.add(promised(hours(200)));
        followUps.add(contacted(followUp("bo", FollowUpReason.ADVOCATE_THANKS, hours(100), hours(24)), hours(50)));

        LedgerFigures figures = ledger.compute(followUps, LedgerGrouping.NONE, at(hours(11))).total();

        assertThat(figures.detractorContact()).satisfies(d -> {
            assertThat(d.followUps()).isEqualTo(11);
            assertThat(d.contacted()).isEqualTo(10);
            assertThat(d.median()).contains(hours(5).plus(minutes(30)));
            assertThat(d.p90()).contains(hours(9));
        });
    }

    @Test
    void groupsAreOrderedByOwnerThenReason() {
        FollowUpReason detractor = FollowUpReason.DETRACTOR_RECOVERY;
        FollowUpReason complaint = FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT;
        List<FollowUp> followUps = List.of(
                contacted(followUp("bo", detractor, hours(4), hours(24)), hours(1)),
                contacted(followUp("anna", complaint, hours(4), hours(24)), hours(5)),
                contacted(followUp("anna", detractor, hours(4), hours(24)), hours(1)),
                contacted(followUp("anna", detractor, hours(5), hours(24)), hours(1)));

        LedgerReport byBoth = ledger.compute(followUps, LedgerGrouping.OWNER_AND_REASON, at(hours(6)));
        LedgerReport byOwner = ledger.compute(followUps, LedgerGrouping.OWNER, at(hours(6)));
        LedgerReport byReason = ledger.compute(followUps, LedgerGrouping.REASON, at(hours(6)));

        assertThat(byBoth.total().followUpCount()).isEqualTo(4);
        assertThat(byBoth.groups()).extracting(LedgerReport.Group::owner, LedgerReport.Group::reason,
                group -> group.figures().followUpCount())
                .containsExactly(
                        tuple("anna", detractor, 2L),
                        tuple("anna", complaint, 1L),
                        tuple("bo", detractor, 1L));
        assertThat(byOwner.groups()).extracting(LedgerReport.Group::owner, LedgerReport.Group::reason)
                .containsExactly(tuple("anna", null),
                        tuple("bo", null));
        assertThat(byOwner.groups().getFirst().figures().promises().brokenRate()).hasValue(1.0 / 3);
        assertThat(byReason.groups()).extracting(LedgerReport.Group::owner, LedgerReport.Group::reason)
                .containsExactly(tuple(null, detractor),
                        tuple(null, complaint));
        assertThat(ledger.compute(followUps, LedgerGrouping.NONE, at(hours(6))).groups()).isEmpty();
    }
}
