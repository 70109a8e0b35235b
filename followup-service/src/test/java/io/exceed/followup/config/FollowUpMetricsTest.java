package io.exceed.followup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStatus;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.MilestoneKind;
import io.exceed.followup.domain.followup.Outcome;
import io.exceed.followup.domain.followup.Priority;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Each follow-up counts once towards the SLA objective: met, or breached, whichever way it ended. */
class FollowUpMetricsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    private static final Instant DEADLINE = T0.plus(Duration.ofHours(24));
    private static final Outcome OUTCOME = new Outcome("Called back.", true, "", true);
    private static final TenantId TENANT = new TenantId("acme");

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final FollowUpEventSink sink = new FollowUpMetrics(registry).counting((tenant, event) -> {
    }, Clock.fixed(DEADLINE.plus(Duration.ofDays(2)), ZoneOffset.UTC));

    private static FollowUp open() {
        return FollowUp.builder().id("f-1").customerId("cust-1").reason(FollowUpReason.DETRACTOR_RECOVERY)
                .sourceReference("response/r-1").owner("anna").channel(ContactChannel.PHONE).priority(Priority.NORMAL)
                .dueTime(T0).promisedTime(T0.plus(Duration.ofHours(4))).slaDeadline(DEADLINE)
                .escalationPolicy(EscalationPolicy.defaults()).status(FollowUpStatus.SCHEDULED)
                .createTime(T0).updateTime(T0).build();
    }

    /** The milestone reached, as the scheduler hands it on. */
    private void reach(FollowUp followUp, MilestoneKind kind, Instant time) {
        FollowUp reached = followUp.reach(new Milestone(kind, time, 0), time);
        sink.accept(TENANT, new FollowUpEvent("f-1." + kind, FollowUpEventType.of(kind), reached, null, time));
    }

    private double sla(String outcome) {
        return registry.get("exceed.followups.sla").tag("outcome", outcome).counter().count();
    }

    @Test
    void bothOutcomesExistBeforeAnythingHappened() {
        assertThat(sla("met")).isZero();
        assertThat(sla("breached")).isZero();
    }

    @Test
    void aFollowUpDoneByItsDeadlineMeetsItsSla() {
        FollowUp done = open().start("anna", T0.plus(Duration.ofHours(3))).complete(OUTCOME, "anna", DEADLINE);

        reach(done, MilestoneKind.DONE, DEADLINE);

        assertThat(sla("met")).isEqualTo(1);
        assertThat(sla("breached")).isZero();
    }

    @Test
    void aBreachCountsWhenAnnouncedAndTheLateCompletionAfterItDoesNotCountAgain() {
        FollowUp breached = open().reach(new Milestone(MilestoneKind.BREACH, DEADLINE, 0), DEADLINE);
        reach(open(), MilestoneKind.BREACH, DEADLINE);
        assertThat(sla("breached")).isEqualTo(1);

        Instant late = DEADLINE.plus(Duration.ofHours(5));
        reach(breached.complete(OUTCOME, "anna", late), MilestoneKind.DONE, late);

        assertThat(sla("breached")).isEqualTo(1);
        assertThat(sla("met")).isZero();
    }

    @Test
    void aFollowUpDoneLateBeforeTheSchedulerReachedItsBreachBreachedIt() {
        Instant late = DEADLINE.plusSeconds(1);
        FollowUp done = open().start("anna", T0.plus(Duration.ofHours(3))).complete(OUTCOME, "anna", late);

        reach(done, MilestoneKind.DONE, late);

        assertThat(sla("breached")).isEqualTo(1);
        assertThat(sla("met")).isZero();
    }
}
