package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.followup.FollowUpFixtures.outcome;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.config.WebhookProperties;
import io.exceed.followup.domain.erasure.ErasureAwareEventSink;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.CreateFollowUp;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStore;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.FreshDeliveries;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.RetryPolicy;
import io.exceed.followup.domain.webhook.WebhookDispatcher;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.domain.webhook.WebhookTransport;
import io.exceed.followup.store.MongoDeliveryStore;
import io.exceed.followup.store.MongoErasureStore;
import io.exceed.followup.store.MongoFollowUpEventFeed;
import io.exceed.followup.store.MongoFollowUpSchedule;
import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.ReplayWebhookDeliveryRequest;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.exceed.testing.Interleavings;
import io.exceed.testing.StoredMentions;
import io.grpc.Status;

/**
 * Erasure racing the work that reads a follow-up before the scrub and writes after it, each interleaving forced (no
 * sleeps): an event built from the follow-up before the erasure and handed over after it, one handed over while the
 * erasure runs, a webhook attempt in flight while the erasure runs, and a follow-up stored while the erasure runs.
 * Afterwards no document of the tenant, read with the driver, holds the customer's id or the owner's notes.
 */
class ErasureRaceTest extends FollowUpServiceTestBase {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String NOTES = "Called Åsa at home on Storgatan 5, she accepted the apology";

    @Autowired
    private MilestoneScheduler scheduler;

    @Autowired
    private MongoFollowUpSchedule schedule;

    @Autowired
    private MongoFollowUpEventFeed feed;

    @Autowired
    private WebhookEventSink webhooks;

    @Autowired
    private ErasedCustomers erased;

    @Autowired
    private MongoErasureStore erasureStore;

    @Autowired
    private FollowUpStore followUpStore;

    @Autowired
    private MongoDeliveryStore deliveryStore;

    @Autowired
    private MongoWebhookEndpointStore endpointStore;

    @Autowired
    private RetryPolicy retryPolicy;

    @Autowired
    @Qualifier("webhookSenders")
    private ExecutorService webhookSenders;

    @Autowired
    private WebhookProperties webhookProperties;

    @Autowired
    private MongoDatabase database;

    private void erase(String tenant, String customerId) {
        as(tenant, FollowUpErasureServiceGrpc.newBlockingStub(channel)).eraseCustomerFollowUps(
                EraseCustomerFollowUpsRequest.newBuilder().setCustomerId(customerId)
                        .setPseudonym("erased-" + UUID.randomUUID()).build());
    }

    /** An endpoint for DONE events, which carry the owner's notes; returns its id. */
    private String webhookEndpoint(String tenant) {
        return as(tenant, WebhookServiceGrpc.newBlockingStub(channel)).createWebhookEndpoint(
                CreateWebhookEndpointRequest.newBuilder().setEndpoint(WebhookEndpoint.newBuilder()
                        .setUrl("http://127.0.0.1:9/hooks").setDescription("CRM")
                        .addEventTypes(io.exceed.followup.v1.FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DONE))
                        .build()).getEndpoint().getId();
    }

    /** A follow-up made due, started and completed with notes: its DONE event is still to be announced. */
    private FollowUp completedWithNotes(String tenant, String customerId) {
        var followUps = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
        FollowUp created = followUps.createFollowUp(CreateFollowUpRequest.newBuilder().setActor("crm")
                .setFollowUp(followUp(clock.instant(), "response/" + UUID.randomUUID()).setCustomerId(customerId))
                .build());
        clock.set(Instant.ofEpochSecond(created.getDueTime().getSeconds()).plusSeconds(1));
        scheduler.runOnce();
        followUps.startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(created.getId()).setActor("anna")
                .build());
        return followUps.completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setActor("anna").setOutcome(outcome().setNotes(NOTES)).build());
    }

    /** A scheduler of its own whose events go through {@code sink}, as the application's go through its sinks. */
    private MilestoneScheduler schedulerHandingTo(FollowUpEventSink sink) {
        return new MilestoneScheduler(schedule, sink, Optional.empty(), (tenant, followUp, reason) -> {
            throw new AssertionError("without a governor no contact check is refused");
        }, clock, "racer-" + UUID.randomUUID(), LEASE, 100);
    }

    private FollowUpEventSink feedAndWebhooks() {
        return (tenant, event) -> {
            webhooks.accept(tenant, event);
            feed.accept(tenant, event);
        };
    }

    private List<String> documentsMentioning(String tenant, String... needles) {
        return StoredMentions.of(database, tenant, needles);
    }

    private Document doneEvent(String tenant, String followUpId) {
        return database.getCollection("follow_up_events").find(new Document("tenant", tenant)
                .append("_id", followUpId + ".done")).first();
    }

    @RepeatedTest(10)
    void anEventHandedOverWhileTheErasureRunsIsScrubbedWhereItLanded() {
        String tenant = newTenant();
        String customerId = "cust-" + UUID.randomUUID();
        webhookEndpoint(tenant);
        FollowUp done = completedWithNotes(tenant, customerId);
        AtomicBoolean erasedMeanwhile = new AtomicBoolean();
        FollowUpEventSink erasingFirst = (eventTenant, event) -> {
            // The scheduler read the follow-up before this: the erasure scrubs, then the stale event lands.
            if (event.type() == FollowUpEventType.DONE && erasedMeanwhile.compareAndSet(false, true)) {
                erase(tenant, customerId);
            }
            feedAndWebhooks().accept(eventTenant, event);
        };

        schedulerHandingTo(new ErasureAwareEventSink(erasingFirst, erased, erasureStore)).runOnce();

        assertThat(erasedMeanwhile).isTrue();
        assertThat(doneEvent(tenant, done.getId())).as("the DONE event was appended").isNotNull();
        assertThat(documentsMentioning(tenant, customerId, NOTES)).isEmpty();
    }

    @RepeatedTest(10)
    void anEventBuiltBeforeTheErasureAndHandedOverAfterItCarriesNothingPersonal() {
        String tenant = newTenant();
        String customerId = "cust-" + UUID.randomUUID();
        webhookEndpoint(tenant);
        FollowUp done = completedWithNotes(tenant, customerId);
        ErasureAwareEventSink guarded = new ErasureAwareEventSink(feedAndWebhooks(), erased, erasureStore);
        AtomicBoolean erasedMeanwhile = new AtomicBoolean();
        FollowUpEventSink erasingBeforeTheHandOver = (eventTenant, event) -> {
            if (event.type() == FollowUpEventType.DONE && erasedMeanwhile.compareAndSet(false, true)) {
                erase(tenant, customerId);
            }
            guarded.accept(eventTenant, event);
        };

        schedulerHandingTo(erasingBeforeTheHandOver).runOnce();
        // The scheduler's own write lost to the scrub's revision: the next run announces DONE again, once.
        scheduler.runOnce();

        assertThat(erasedMeanwhile).isTrue();
        Document event = doneEvent(tenant, done.getId());
        assertThat(event).isNotNull();
        assertThat(event.get("followUp", Document.class).getString("customerId")).as("the follow-up's pseudonym")
                .isEqualTo(followUpStore.find(new TenantId(tenant), done.getId()).orElseThrow().customerId())
                .startsWith("erased-");
        assertThat(documentsMentioning(tenant, customerId, NOTES)).isEmpty();
        assertThat(database.getCollection("webhook_deliveries").countDocuments(new Document("tenant", tenant)
                .append("eventId", done.getId() + ".done"))).as("one delivery of the DONE event").isEqualTo(1);
    }

    @RepeatedTest(5)
    void aWebhookAttemptInFlightDuringTheErasureDoesNotWriteTheOldBodyBackAndAReplaySendsTheScrubbedOne()
            throws InterruptedException {
        String tenant = newTenant();
        String customerId = "cust-" + UUID.randomUUID();
        String endpointId = webhookEndpoint(tenant);
        FreshDeliveries fresh = new FreshDeliveries(100);
        WebhookEventSink sink = new WebhookEventSink(endpointStore, deliveryStore, fresh,
                io.exceed.followup.api.FollowUpEventMapper::toJson, clock);
        FollowUp done = completedWithNotes(tenant, customerId);
        schedulerHandingTo(new ErasureAwareEventSink(sink, erased, erasureStore)).runOnce();
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicBoolean erasing = new AtomicBoolean(true);
        // The dispatcher also takes other tests' leftover deliveries; only this tenant's endpoint is watched.
        WebhookTransport erasingWhileSending = (sentTo, url, headers, body) -> {
            if (sentTo.equals(endpointId)) {
                sent.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                if (erasing.getAndSet(false)) {
                    erase(tenant, customerId);
                }
            }
            return Optional.of(new AttemptResult(AttemptResult.Outcome.DELIVERED, 204, Optional.empty(),
                    Duration.ofMillis(3), ""));
        };
        WebhookDispatcher dispatcher = new WebhookDispatcher(deliveryStore, fresh, Duration.ofDays(1), endpointStore,
                erasingWhileSending, retryPolicy, webhookSenders, new InFlightSends(webhookProperties.dispatch().inFlight()), clock, "racer",
                Duration.ofMinutes(2), 50);

        dispatcher.runOnce().sent().join();
        assertThat(sent).singleElement().asString().as("sent before the erasure").contains(NOTES);
        assertThat(documentsMentioning(tenant, customerId, NOTES)).as("nothing written back").isEmpty();

        String deliveryId = database.getCollection("webhook_deliveries").find(new Document("tenant", tenant)
                .append("eventId", done.getId() + ".done")).first().getString("_id");
        as(tenant, WebhookServiceGrpc.newBlockingStub(channel)).replayWebhookDelivery(ReplayWebhookDeliveryRequest
                .newBuilder().setDeliveryId(deliveryId).build());
        dispatcher.runOnce().sent().join();
        clock.advance(Duration.ofDays(2));
        dispatcher.runOnce().sent().join();
        assertThat(sent).hasSize(2).last().asString().doesNotContain(NOTES).doesNotContain(customerId);
    }

    @Test
    void aFollowUpForAnErasedCustomerIsRefusedAndNothingIsStored() {
        String tenant = newTenant();
        String customerId = "cust-" + UUID.randomUUID();
        erase(tenant, customerId);

        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED", () -> as(tenant,
                FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest.newBuilder()
                        .setActor("crm").setFollowUp(followUp(clock.instant(), "complaint/late")
                                .setCustomerId(customerId)).build()));

        assertThat(database.getCollection("follow_ups").countDocuments(new Document("tenant", tenant))).isZero();
        assertThat(documentsMentioning(tenant, customerId)).as("the register keeps a hash, not the id").isEmpty();
    }

    @RepeatedTest(5)
    void aFollowUpStoredWhileTheErasureRunsIsRemovedAgainAndRefused() {
        String tenant = newTenant();
        String customerId = "cust-" + UUID.randomUUID();
        FollowUpStore erasingBeforeTheInsert = Interleavings.before(FollowUpStore.class, followUpStore, "insert",
                () -> erase(tenant, customerId));
        FollowUps racing = new FollowUps(erasingBeforeTheInsert, erased, CustomerDirectory.UNCHECKED,
                java.time.LocalTime.of(21, 0), java.time.LocalTime.of(8, 0), clock);
        Instant now = clock.instant();
        FollowUpDraft draft = FollowUpDraft.builder().customerId(customerId)
                .reason(FollowUpReason.COMPLAINT_ACKNOWLEDGEMENT).sourceReference("complaint/racing").owner("anna")
                .channel(ContactChannel.PHONE).dueTime(now.plus(Duration.ofHours(2)))
                .promisedTime(now.plus(Duration.ofHours(3))).sla(Duration.ofHours(24)).build();

        assertThatThrownBy(() -> racing.create(new TenantId(tenant), new CreateFollowUp(draft, "crm",
                Optional.empty()), new Violations()))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("erased");

        assertThat(database.getCollection("follow_ups").countDocuments(new Document("tenant", tenant))).isZero();
        assertThat(documentsMentioning(tenant, customerId)).isEmpty();
    }
}
