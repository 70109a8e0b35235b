package io.exceed.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.api.FollowUpEventMapper;
import io.exceed.followup.client.BreakingWebhookTransport;
import io.exceed.followup.client.WebhookSender;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.CreateFollowUp;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.schedule.ClaimedFollowUp;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.FreshDeliveries;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.RetryPolicy;
import io.exceed.followup.domain.webhook.WebhookDispatcher;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.domain.webhook.WebhookUrlPolicy;
import io.exceed.followup.store.MongoDeliveryStore;
import io.exceed.followup.store.MongoFollowUpEventFeed;
import io.exceed.followup.store.MongoFollowUpSchedule;
import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
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
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.exceed.testing.StreamCollector;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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

    @Autowired
    private MongoDeliveryStore deliveryStore;

    @Autowired
    private MongoWebhookEndpointStore endpointStore;

    @Autowired
    private WebhookUrlPolicy urlPolicy;

    @Autowired
    private RetryPolicy retryPolicy;

    @Autowired
    @Qualifier("webhookSenders")
    private ExecutorService webhookSenders;

    @RegisterExtension
    static final WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

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
    void twoReplicasShareFiveThousandDueFollowUpsAndEachIsHandedOverAndPostedExactlyOnce() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        receiver.stubFor(post("/hooks").willReturn(aResponse().withStatus(204)));
        as(tenant.value(), WebhookServiceGrpc.newBlockingStub(channel)).createWebhookEndpoint(
                CreateWebhookEndpointRequest.newBuilder().setEndpoint(io.exceed.followup.v1.WebhookEndpoint.newBuilder()
                        .setUrl("http://127.0.0.1:" + receiver.getPort() + "/hooks")).build());
        Instant now = clock.instant();
        for (int i = 0; i < 5_000; i++) {
            followUps.create(tenant, new CreateFollowUp(dueIn(now, Duration.ofMinutes(1), "order/" + i), "crm",
                    Optional.empty()), new Violations());
        }
        clock.advance(Duration.ofMinutes(2));
        Map<String, AtomicInteger> handedOver = new ConcurrentHashMap<>();

        // This test is about handing each event over once, not about slow receivers: its sender waits long enough
        // for a loaded machine, where the suite's 1 s attempt limit would turn slowness into retries.
        try (WebhookSender patientSender = new WebhookSender(urlPolicy, Duration.ofSeconds(5), Duration.ofSeconds(30),
                250)) {
            BreakingWebhookTransport patient = new BreakingWebhookTransport(patientSender,
                    CircuitBreakerRegistry.ofDefaults());
            runTwoReplicas(tenant, handedOver, patient);
        }
        assertThat(handedOver).hasSize(5_000);

        assertThat(handedOver.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        // Racing appends may burn sequence numbers; readers skip a gap once it is older than the grace period.
        clock.advance(Duration.ofSeconds(6));
        List<io.exceed.followup.v1.FollowUpEvent> emitted = allEvents(tenant.value());
        assertThat(emitted).hasSize(5_000);
        Map<String, Long> posted = receiver.findAll(postRequestedFor(urlEqualTo("/hooks"))).stream()
                .collect(Collectors.groupingBy(request -> request.getHeader("webhook-id"), Collectors.counting()));
        assertThat(posted.keySet()).isEqualTo(handedOver.keySet());
        assertThat(posted.values()).as("no event posted twice").containsOnly(1L);
    }

    /**
     * Each replica has its own scheduler, sink and dispatcher, which takes the deliveries its sink stored by id;
     * both run at the same time, as on two pods.
     */
    private void runTwoReplicas(TenantId tenant, Map<String, AtomicInteger> handedOver,
            BreakingWebhookTransport webhookTransport) throws Exception {
        List<Callable<Integer>> schedulers = new ArrayList<>();
        List<Callable<Integer>> dispatchers = new ArrayList<>();
        AtomicBoolean scheduling = new AtomicBoolean(true);
        for (String replica : List.of("replica-a", "replica-b")) {
            FreshDeliveries fresh = new FreshDeliveries(10_000);
            WebhookEventSink replicaWebhooks = new WebhookEventSink(endpointStore, deliveryStore, fresh,
                    FollowUpEventMapper::toJson, clock);
            FollowUpEventSink counting = (eventTenant, event) -> {
                if (eventTenant.equals(tenant)) {
                    handedOver.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
                }
                replicaWebhooks.accept(eventTenant, event);
                feed.accept(eventTenant, event);
            };
            // Leases and hand-over only: the contact governor's part is in ContactGovernorSchedulingTest.
            MilestoneScheduler instance = new MilestoneScheduler(schedule, counting, Optional.empty(),
                    (refusedTenant, followUp, reason) -> {
                        throw new AssertionError("without a governor no contact check is refused");
                    }, clock, replica, LEASE, 250);
            schedulers.add(() -> drain(() -> instance.runOnce().claimed()));
            WebhookDispatcher sender = new WebhookDispatcher(deliveryStore, fresh, Duration.ofMinutes(1),
                    endpointStore, webhookTransport, retryPolicy, webhookSenders,
                    new InFlightSends(new InFlightSends.Limits(250, 250, 250)), clock, replica, Duration.ofMinutes(2),
                    250);
            dispatchers.add(() -> {
                int sent = 0;
                boolean last = false;
                while (!last) {
                    last = !scheduling.get();
                    int batch = drain(() -> {
                        WebhookDispatcher.Run run = sender.runOnce();
                        run.sent().join();
                        return run.claimed();
                    });
                    if (batch == 0) {
                        // the replica's poll interval, shortened
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                    sent += batch;
                }
                return sent;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sending = dispatchers.stream().map(threads::submit).toList();
            assertThat(inParallel(schedulers)).as("follow-ups claimed by both replicas").isEqualTo(5_000);
            scheduling.set(false);
            int sent = 0;
            for (Future<Integer> replica : sending) {
                sent += replica.get(5, TimeUnit.MINUTES);
            }
            assertThat(sent).as("deliveries claimed by both replicas").isEqualTo(5_000);
        } finally {
            threads.shutdownNow();
        }
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

    /** Runs a replica until it finds nothing more to claim; returns how many items it claimed. */
    private static int drain(Callable<Integer> run) throws Exception {
        int claimed = 0;
        for (int batch = run.call(); batch > 0; batch = run.call()) {
            claimed += batch;
        }
        return claimed;
    }

    /** Runs the replicas at the same time; returns what they claimed together. */
    private static int inParallel(List<Callable<Integer>> replicas) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(replicas.size());
        try {
            int total = 0;
            for (Future<Integer> replica : threads.invokeAll(replicas, 5, TimeUnit.MINUTES)) {
                total += replica.get();
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A follow-up due soon with an SLA long enough that no other test's clock reaches its warning. */
    private static FollowUpDraft dueIn(Instant now, Duration delay, String sourceReference) {
        return FollowUpDraft.builder().customerId("cust-" + sourceReference)
                .reason(FollowUpReason.LARGE_ORDER_CHECK_IN).sourceReference(sourceReference)
                .owner("anna@example.com").channel(ContactChannel.EMAIL).dueTime(now.plus(delay))
                .promisedTime(now.plus(delay)).sla(Duration.ofDays(300)).noSales(true).build();
    }
}
