package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.duration;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.schedule.ClaimedFollowUp;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.store.MongoFollowUpEventFeed;
import io.exceed.followup.store.MongoFollowUpSchedule;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.EscalationPolicy;
import io.exceed.followup.v1.EscalationStep;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.FollowUpEventServiceGrpc.FollowUpEventServiceBlockingStub;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.ListFollowUpEventsRequest;
import io.exceed.followup.v1.ListFollowUpEventsResponse;
import io.exceed.followup.v1.WatchFollowUpEventsRequest;
import io.exceed.testing.StreamCollector;
import io.grpc.Context;

class SchedulerTest extends FollowUpServiceTestBase {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    private MilestoneScheduler scheduler;

    @Autowired
    private MongoFollowUpSchedule schedule;

    @Autowired
    private MongoFollowUpEventFeed feed;

    @Autowired
    private FollowUps followUps;

    private FollowUpEventServiceBlockingStub events(String tenant) {
        return as(tenant, FollowUpEventServiceGrpc.newBlockingStub(channel));
    }

    /** Due in 2 h, SLA 24 h (warning at 18 h), then the team lead 1 h after the breach and the manager 4 h after. */
    private FollowUp createEscalating(String tenant, String sourceReference) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest
                .newBuilder()
                .setFollowUp(followUp(clock.instant(), sourceReference).setEscalationPolicy(EscalationPolicy.newBuilder()
                        .addSteps(EscalationStep.newBuilder().setTarget("team-lead@example.com")
                                .setAfterBreach(duration(Duration.ofHours(1))))
                        .addSteps(EscalationStep.newBuilder().setTarget("cx-manager@example.com")
                                .setAfterBreach(duration(Duration.ofHours(4))))))
                .setActor("crm").build());
    }

    private List<io.exceed.followup.v1.FollowUpEvent> allEvents(String tenant) {
        List<io.exceed.followup.v1.FollowUpEvent> read = new ArrayList<>();
        long after = 0;
        while (true) {
            ListFollowUpEventsResponse page = events(tenant).listFollowUpEvents(ListFollowUpEventsRequest.newBuilder()
                    .setAfterSequence(after).setPageSize(500).build());
            read.addAll(page.getEventsList());
            if (page.getEventsCount() == 0) {
                return read;
            }
            after = page.getNextAfterSequence();
        }
    }

    private List<FollowUpEventType> typesSeen(String tenant) {
        return allEvents(tenant).stream().map(io.exceed.followup.v1.FollowUpEvent::getType).toList();
    }

    @Test
    void dueWarningBreachAndEachEscalationStepAreEmittedOnceWhenTheirTimeComes() {
        String tenant = newTenant();
        Instant created = clock.instant();
        FollowUp followUp = createEscalating(tenant, "response/r-1");

        scheduler.runOnce();
        assertThat(typesSeen(tenant)).as("nothing is due yet").isEmpty();

        clock.set(created.plus(Duration.ofHours(2)));
        scheduler.runOnce();
        clock.set(created.plus(Duration.ofHours(18)));
        scheduler.runOnce();
        clock.set(created.plus(Duration.ofHours(24)));
        scheduler.runOnce();
        clock.set(created.plus(Duration.ofHours(25)));
        scheduler.runOnce();
        scheduler.runOnce();
        clock.set(created.plus(Duration.ofHours(28)));
        scheduler.runOnce();
        clock.set(created.plus(Duration.ofDays(30)));
        scheduler.runOnce();

        List<io.exceed.followup.v1.FollowUpEvent> emitted = allEvents(tenant);
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getType).containsExactly(
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_WARNING,
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_ESCALATED,
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_ESCALATED);
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getId).containsExactly(
                followUp.getId() + ".due", followUp.getId() + ".warning", followUp.getId() + ".breach",
                followUp.getId() + ".escalation-1", followUp.getId() + ".escalation-2");
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getEscalationTarget)
                .containsExactly("", "", "", "team-lead@example.com", "cx-manager@example.com");
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getSequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(emitted.get(2).getFollowUp().getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_ESCALATED);

        FollowUp stored = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(followUp.getId()).build());
        assertThat(stored.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_ESCALATED);
        assertThat(stored.getEscalatedTo()).isEqualTo("cx-manager@example.com");
        assertThat(stored.getHistoryList()).extracting(change -> change.getActor()).containsExactly("crm",
                "scheduler", "scheduler", "scheduler", "scheduler", "scheduler");
    }

    @Test
    void aSchedulerThatWasDownCatchesUpInOrderWithTheTimesTheMilestonesWereDue() {
        String tenant = newTenant();
        Instant created = clock.instant();
        createEscalating(tenant, "response/r-2");

        clock.set(created.plus(Duration.ofHours(26)));
        scheduler.runOnce();

        List<io.exceed.followup.v1.FollowUpEvent> emitted = allEvents(tenant);
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getType).containsExactly(
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_WARNING,
                FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED, FollowUpEventType.FOLLOW_UP_EVENT_TYPE_ESCALATED);
        assertThat(emitted).extracting(event -> event.getOccurTime().getSeconds()).containsExactly(
                created.plus(Duration.ofHours(2)).getEpochSecond(), created.plus(Duration.ofHours(18)).getEpochSecond(),
                created.plus(Duration.ofHours(24)).getEpochSecond(),
                created.plus(Duration.ofHours(25)).getEpochSecond());
    }

    @Test
    void aFollowUpDoneBeforeItsMilestonesEmitsNothing() {
        String tenant = newTenant();
        Instant created = clock.instant();
        FollowUp followUp = createEscalating(tenant, "response/r-3");
        as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).cancelFollowUp(io.exceed.followup.v1
                .CancelFollowUpRequest.newBuilder().setFollowUpId(followUp.getId()).setReason("customer called us")
                .setActor("anna@example.com").build());

        clock.set(created.plus(Duration.ofDays(2)));
        scheduler.runOnce();

        assertThat(typesSeen(tenant)).isEmpty();
    }

    @Test
    void twoReplicasShareFiveThousandDueFollowUpsAndEachEventIsHandedOverExactlyOnce() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        Instant now = clock.instant();
        for (int i = 0; i < 5_000; i++) {
            followUps.create(tenant, dueIn(now, Duration.ofMinutes(1), "order/" + i), "crm", Optional.empty(),
                    new Violations());
        }
        clock.advance(Duration.ofMinutes(2));
        Map<String, AtomicInteger> handedOver = new ConcurrentHashMap<>();
        FollowUpEventSink counting = (eventTenant, event) -> {
            if (eventTenant.equals(tenant)) {
                handedOver.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            }
            feed.accept(eventTenant, event);
        };

        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> claimed = new ArrayList<>();
            for (String replica : List.of("replica-a", "replica-b")) {
                MilestoneScheduler instance = new MilestoneScheduler(schedule, counting, clock, replica, LEASE, 250);
                claimed.add(replicas.submit(() -> drain(instance)));
            }
            int total = 0;
            for (Future<Integer> replica : claimed) {
                total += replica.get(5, TimeUnit.MINUTES);
            }
            assertThat(total).as("claims by both replicas").isGreaterThanOrEqualTo(5_000);
        } finally {
            replicas.shutdownNow();
        }

        assertThat(handedOver).hasSize(5_000);
        assertThat(handedOver.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        List<io.exceed.followup.v1.FollowUpEvent> emitted = allEvents(tenant.value());
        assertThat(emitted).hasSize(5_000);
        assertThat(emitted.stream().map(event -> event.getFollowUp().getSourceReference()).collect(Collectors.toSet()))
                .hasSize(5_000);
    }

    @Test
    void theClaimsOfAReplicaThatDiedAreTakenOverWhenItsLeaseExpiresAndTheEventKeepsItsId() {
        String tenant = newTenant();
        Instant created = clock.instant();
        List<String> ids = List.of(createEscalating(tenant, "complaint/c-1").getId(),
                createEscalating(tenant, "complaint/c-2").getId(), createEscalating(tenant, "complaint/c-3").getId());
        clock.set(created.plus(Duration.ofHours(2)));

        List<ClaimedFollowUp> heldByTheDeadReplica = schedule.claimDue(clock.instant(), "replica-dead",
                clock.instant().plus(LEASE), 10_000).stream()
                .filter(claim -> claim.tenant().value().equals(tenant)).toList();
        assertThat(heldByTheDeadReplica).hasSize(3);
        // It sent one event before it died, and stored nothing.
        ClaimedFollowUp sentBeforeDying = heldByTheDeadReplica.getFirst();
        feed.accept(sentBeforeDying.tenant(), new FollowUpEvent(sentBeforeDying.followUp().id() + ".due",
                io.exceed.followup.domain.event.FollowUpEventType.DUE, sentBeforeDying.followUp(), null,
                sentBeforeDying.followUp().dueTime()));

        scheduler.runOnce();
        assertThat(allEvents(tenant)).as("the leases are still live").hasSize(1);

        clock.advance(LEASE);
        scheduler.runOnce();

        List<io.exceed.followup.v1.FollowUpEvent> emitted = allEvents(tenant);
        assertThat(emitted).extracting(io.exceed.followup.v1.FollowUpEvent::getId)
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> id + ".due").toList());
        assertThat(emitted.getFirst().getId()).isEqualTo(sentBeforeDying.followUp().id() + ".due");
        assertThat(ids).allSatisfy(id -> assertThat(as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(id).build()).getStatus())
                .isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE));
    }

    @Test
    void aWatchStreamsEventsAsTheyHappenAndResumesAfterTheLastSequenceReceived() throws Exception {
        String tenant = newTenant();
        Instant created = clock.instant();
        createEscalating(tenant, "response/r-4");
        clock.set(created.plus(Duration.ofHours(2)));
        scheduler.runOnce();

        StreamCollector<io.exceed.followup.v1.FollowUpEvent> received = new StreamCollector<>();
        Context.CancellableContext watch = Context.current().withCancellation();
        watch.run(() -> as(tenant, FollowUpEventServiceGrpc.newStub(channel)).withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchFollowUpEvents(WatchFollowUpEventsRequest.getDefaultInstance(), received));
        try {
            assertThat(received.next().getType()).isEqualTo(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE);
            clock.set(created.plus(Duration.ofHours(18)));
            scheduler.runOnce();
            assertThat(received.next().getType()).isEqualTo(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_WARNING);
        } finally {
            watch.cancel(null);
        }

        clock.set(created.plus(Duration.ofHours(24)));
        scheduler.runOnce();
        StreamCollector<io.exceed.followup.v1.FollowUpEvent> resumed = new StreamCollector<>();
        Context.CancellableContext second = Context.current().withCancellation();
        second.run(() -> as(tenant, FollowUpEventServiceGrpc.newStub(channel)).withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchFollowUpEvents(WatchFollowUpEventsRequest.newBuilder().setAfterSequence(2)
                        .addTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED).build(), resumed));
        try {
            io.exceed.followup.v1.FollowUpEvent breach = resumed.next();
            assertThat(breach.getType()).isEqualTo(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED);
            assertThat(breach.getSequence()).isEqualTo(3);
            assertThat(resumed.nothingMoreWithin(Duration.ofSeconds(1))).isTrue();
        } finally {
            second.cancel(null);
        }
    }

    @Test
    void eventsAreTheTenantsOwn() {
        String tenant = newTenant();
        String other = newTenant();
        Instant created = clock.instant();
        createEscalating(tenant, "response/r-5");
        clock.set(created.plus(Duration.ofHours(2)));
        scheduler.runOnce();

        assertThat(typesSeen(tenant)).containsExactly(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE);
        assertThat(typesSeen(other)).isEmpty();
    }

    @Test
    void badRequestsNameTheField() {
        String tenant = newTenant();
        assertInvalid(() -> events(tenant).listFollowUpEvents(ListFollowUpEventsRequest.newBuilder()
                .addTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_UNSPECIFIED).build()), "types[0]");
        assertInvalid(() -> events(tenant).listFollowUpEvents(ListFollowUpEventsRequest.newBuilder()
                .setAfterSequence(-1).build()), "after_sequence");
        assertInvalid(() -> events(tenant).listFollowUpEvents(ListFollowUpEventsRequest.newBuilder()
                .setPageSize(501).build()), "page_size");
        assertInvalid(() -> events(tenant).watchFollowUpEvents(WatchFollowUpEventsRequest.newBuilder()
                .addTypesValue(99).build()).hasNext(), "types[0]");
    }

    /** Runs a replica until it finds nothing more to claim; returns how many follow-ups it claimed. */
    private static int drain(MilestoneScheduler replica) {
        int claimed = 0;
        for (MilestoneScheduler.Run run = replica.runOnce(); run.claimed() > 0; run = replica.runOnce()) {
            claimed += run.claimed();
        }
        return claimed;
    }

    /** A follow-up due soon with an SLA long enough that no other test's clock reaches its warning. */
    private static FollowUpDraft dueIn(Instant now, Duration delay, String sourceReference) {
        return new FollowUpDraft("cust-" + sourceReference, FollowUpReason.LARGE_ORDER_CHECK_IN, sourceReference,
                "anna@example.com", ContactChannel.EMAIL, null, now.plus(delay), now.plus(delay),
                Duration.ofDays(300), true, false, null, null, null, null, null, null);
    }
}
