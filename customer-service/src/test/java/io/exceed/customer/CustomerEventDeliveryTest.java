package io.exceed.customer;

import static io.exceed.customer.Fixtures.quietHours;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.type.Money;
import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.client.PlaybookTriggers;
import io.exceed.customer.config.CustomerProperties;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.RelationshipState;
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.domain.event.CustomerEventType;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoSweepSchedule;
import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.ContractEvent;
import io.exceed.customer.v1.ContractEventKind;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerRelationshipServiceGrpc;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.FeedbackSummary;
import io.exceed.customer.v1.Order;
import io.exceed.customer.v1.TimelineEvent;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.FeedEntry;
import io.exceed.eventing.OutboxRelay;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.grpc.Status;

/**
 * Orders, contract events, stale expectations and changes of relationship state are recorded with the change that
 * caused them, relayed into the customer event feed and delivered to followup-service's playbooks (a fake on a real
 * port) at least once, with the customer's account owner and contact window.
 */
class CustomerEventDeliveryTest extends CustomerTestSupport {

    private final FakePlaybooks playbooks = FakePlaybooks.INSTANCE;

    @Autowired
    private MongoCustomerEventFeed feed;

    @Autowired
    private FeedDelivery<CustomerEvent> playbookDelivery;

    @Autowired
    private StaleExpectations staleExpectations;

    @Autowired
    private MongoDatabase database;

    @Autowired
    private CustomerProperties properties;

    @Autowired
    private ServiceClients clients;

    @Autowired
    private CustomerStore customerStore;

    @Autowired
    private DeadLetters deadLetters;

    @AfterEach
    void playbooksBackUp() {
        playbooks.answer(Status.OK);
    }

    private Customer customer(String tenant) {
        return create(tenant, Fixtures.person("Termination Ltd").setAccountOwner("owner-anna")
                .setTimeZone("Europe/Stockholm")
                .setContactPreferences(Fixtures.allowing(ContactChannel.CONTACT_CHANNEL_PHONE)
                        .setQuietHours(quietHours(18, 9))));
    }

    private TimelineEvent record(String tenant, String customerId, TimelineEvent.Builder event) {
        return as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder().setCustomerId(customerId)
                .setEvent(event).build());
    }

    private static TimelineEvent.Builder order(long euros) {
        return TimelineEvent.newBuilder().setOrder(Order.newBuilder().setOrderReference("o-" + euros)
                .setValue(Money.newBuilder().setCurrencyCode("EUR").setUnits(euros).setNanos(500_000_000)));
    }

    private static TimelineEvent.Builder contract(ContractEventKind kind) {
        return TimelineEvent.newBuilder().setContractEvent(ContractEvent.newBuilder().setKind(kind)
                .setContractReference("contract-1"));
    }

    private ExpectationSnapshot stated(String tenant, String customerId, Duration ago) {
        return as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customerId).setSnapshot(snapshot().setObserveTime(ts(clock.instant().minus(ago))))
                .build());
    }

    private List<CustomerEvent> inFeed(String tenant) {
        return feed.feed().read(new TenantId(tenant), 0, event -> true, 500).entries().stream().map(FeedEntry::event)
                .toList();
    }

    private List<PlaybookEvent> delivered(String tenant) {
        return playbooks.evaluationsFor(tenant).stream().map(e -> e.request().getEvent()).toList();
    }

    @Test
    void ordersAndTerminationNoticesReachThePlaybooksWithTheOwnerAndContactWindow() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        TimelineEvent placed = record(tenant, customerId, order(12_000));
        TimelineEvent notice = record(tenant, customerId, contract(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE));
        record(tenant, customerId, contract(ContractEventKind.CONTRACT_EVENT_KIND_DOWNGRADE));
        record(tenant, customerId, Fixtures.note("Called about the invoice"));

        feed.relay().relayWritten();
        assertThat(inFeed(tenant)).as("every order and contract event, no note").extracting(CustomerEvent::type)
                .containsExactly(CustomerEventType.ORDER_PLACED, CustomerEventType.CONTRACT_EVENT,
                        CustomerEventType.CONTRACT_EVENT);
        playbookDelivery.runOnce();

        List<PlaybookEvent> events = delivered(tenant);
        assertThat(events).as("no playbook kind exists for a downgrade").extracting(PlaybookEvent::getKind)
                .containsExactly(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED,
                        PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE);
        assertThat(events.get(0).getSourceReference()).isEqualTo("timeline/" + placed.getId());
        assertThat(events.get(0).getOrderValue()).isEqualTo(Money.newBuilder().setCurrencyCode("EUR")
                .setUnits(12_000).setNanos(500_000_000).build());
        assertThat(events.get(1).getSourceReference()).isEqualTo("timeline/" + notice.getId());
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getCustomerId()).isEqualTo(customerId);
            assertThat(event.getAccountOwner()).isEqualTo("owner-anna");
            assertThat(event.getContactWindow().getTimeZone()).isEqualTo("Europe/Stockholm");
            assertThat(event.getContactWindow().getQuietHours()).isEqualTo(quietHours(18, 9));
            assertThat(event.hasOccurTime()).isTrue();
        });
        assertThat(playbooks.evaluationsFor(tenant)).allSatisfy(e -> assertThat(e.request().getActor())
                .isEqualTo("customer-service"));

        feed.relay().sweep();
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).as("nothing is relayed or delivered twice").hasSize(2);
        assertThat(delivered(newTenant())).isEmpty();
    }

    @Test
    void aRetriedRecordingAnnouncesTheEventOnce() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        CreateTimelineEventRequest request = CreateTimelineEventRequest.newBuilder().setCustomerId(customerId)
                .setEvent(order(50)).setRequestId("order-50").build();
        as(tenant).createTimelineEvent(request);
        as(tenant).createTimelineEvent(request);
        feed.relay().relayWritten();

        assertThat(inFeed(tenant)).hasSize(1);
    }

    @Test
    void staleExpectationsAreAnnouncedOncePerSnapshot() {
        String tenant = newTenant();
        String stale = customer(tenant).getId();
        String fresh = customer(tenant).getId();
        String never = customer(tenant).getId();
        stated(tenant, stale, Duration.ofDays(400));
        ExpectationSnapshot latest = stated(tenant, stale, Duration.ofDays(200));
        ExpectationSnapshot recent = stated(tenant, fresh, Duration.ofDays(10));

        staleExpectations.announce();
        staleExpectations.announce();
        feed.relay().relayWritten();

        assertThat(inFeed(tenant)).as("one event for the stale customer's latest snapshot; none for " + never)
                .singleElement().satisfies(event -> {
                    assertThat(event.type()).isEqualTo(CustomerEventType.EXPECTATIONS_STALE);
                    assertThat(event.customerId()).isEqualTo(stale);
                    assertThat(event.sourceId()).isEqualTo(latest.getId());
                });
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).singleElement().satisfies(event -> {
            assertThat(event.getKind()).isEqualTo(PlaybookEventKind.PLAYBOOK_EVENT_KIND_EXPECTATIONS_STALE);
            assertThat(event.getSourceReference()).isEqualTo("expectations/" + latest.getId() + "/stale");
            assertThat(event.getAccountOwner()).isEqualTo("owner-anna");
        });

        ExpectationSnapshot asked = stated(tenant, stale, Duration.ZERO);
        clock.advance(properties.staleExpectationsAfter().plusDays(1));
        staleExpectations.announce();
        feed.relay().relayWritten();
        assertThat(inFeed(tenant)).as("the new snapshot went stale in its turn, and so did the recent one")
                .extracting(CustomerEvent::sourceId)
                .containsExactlyInAnyOrder(latest.getId(), asked.getId(), recent.getId());
    }

    private boolean applySummary(String tenant, String customerId, String eventId, Instant asOf, int nps,
            long openComplaints) {
        return as(tenant, CustomerRelationshipServiceGrpc.newBlockingStub(channel)).applyFeedbackSummary(
                ApplyFeedbackSummaryRequest.newBuilder().setCustomerId(customerId).setEventId(eventId)
                        .setAsOfTime(ts(asOf)).setSummary(FeedbackSummary.newBuilder().setResponseCount(1)
                                .setLatestNps(nps).setOpenComplaintCount(openComplaints)
                                .setComplaintCount(openComplaints))
                        .build()).getApplied();
    }

    private List<CustomerEvent> relationshipChanges(String tenant) {
        feed.relay().sweep();
        return inFeed(tenant).stream().filter(event -> event.type() == CustomerEventType.RELATIONSHIP_CHANGED)
                .toList();
    }

    @Test
    void aChangeOfRelationshipStateIsAnnouncedOnceWithTheChangeAndOnlyWhenTheStateChanges() {
        String tenant = newTenant();
        Customer customer = customer(tenant);
        Instant t0 = clock.instant();

        assertThat(applySummary(tenant, customer.getId(), "e-1", t0, 9, 1)).isTrue();
        assertThat(relationshipChanges(tenant)).as("an open complaint: at risk").singleElement().satisfies(event -> {
            assertThat(event.customerId()).isEqualTo(customer.getId());
            assertThat(event.relationship()).isEqualTo(RelationshipState.AT_RISK);
            assertThat(event.previousRelationship()).isEqualTo(RelationshipState.UNRATED);
        });

        assertThat(applySummary(tenant, customer.getId(), "e-1", t0, 9, 1)).as("redelivered").isFalse();
        assertThat(applySummary(tenant, customer.getId(), "e-2", t0.plusSeconds(1), 8, 2))
                .as("newer, still at risk").isTrue();
        assertThat(relationshipChanges(tenant)).as("no change, no event").hasSize(1);
    }

    @Test
    void changesToAtRiskAndAdvocateReachThePlaybooksOnceEachAndOtherChangesDoNot() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        Instant t0 = clock.instant();
        applySummary(tenant, customerId, "e-1", t0, 9, 1);
        applySummary(tenant, customerId, "e-2", t0.plusSeconds(1), 10, 0);
        applySummary(tenant, customerId, "e-3", t0.plusSeconds(2), 8, 0);
        applySummary(tenant, customerId, "e-4", t0.plusSeconds(3), 8, 1);
        applySummary(tenant, customerId, "e-5", t0.plusSeconds(4), 2, 1);

        assertThat(relationshipChanges(tenant)).extracting(CustomerEvent::relationship).containsExactly(
                RelationshipState.AT_RISK, RelationshipState.ADVOCATE, RelationshipState.PASSIVE,
                RelationshipState.AT_RISK, RelationshipState.DETRACTOR);
        playbookDelivery.runOnce();
        playbookDelivery.runOnce();

        List<PlaybookEvent> events = delivered(tenant);
        assertThat(events).as("passive and detractor are not sent: no playbook kind, or feedback's own event")
                .extracting(PlaybookEvent::getKind).containsExactly(
                        PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK,
                        PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_ADVOCATE,
                        PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK);
        assertThat(events).extracting(PlaybookEvent::getSourceReference).as("at risk again is a new change")
                .doesNotHaveDuplicates().allSatisfy(reference -> assertThat(reference).startsWith("relationship/")
                        .as("kept after an erasure, so it must not name the customer").doesNotContain(customerId));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getCustomerId()).isEqualTo(customerId);
            assertThat(event.getAccountOwner()).isEqualTo("owner-anna");
            assertThat(event.getContactWindow().getTimeZone()).isEqualTo("Europe/Stockholm");
        });
    }

    @Test
    void theStaleSweepRunsOnOneReplicaPerInterval() {
        Duration interval = Duration.ofHours(1);
        String name = "test-sweep-" + newTenant();
        MongoSweepSchedule first = new MongoSweepSchedule(database, name, interval, Duration.ofMinutes(5), "replica-1",
                clock);
        MongoSweepSchedule second = new MongoSweepSchedule(database, name, interval, Duration.ofMinutes(5),
                "replica-2", clock);
        int[] runs = new int[1];

        assertThat(first.runIfDue(() -> runs[0]++)).isTrue();
        assertThat(second.runIfDue(() -> runs[0]++)).as("the turn was taken").isFalse();
        clock.advance(interval);
        assertThat(second.runIfDue(() -> runs[0]++)).isTrue();
        assertThat(runs[0]).isEqualTo(2);

        clock.advance(interval);
        try {
            first.runIfDue(() -> {
                throw new IllegalStateException("the store went away");
            });
        } catch (IllegalStateException expected) {
            // the failed turn stays due
        }
        assertThat(second.runIfDue(() -> runs[0]++)).as("a failed turn is retried at once").isTrue();
        assertThat(runs[0]).isEqualTo(3);
    }

    @Test
    void whileFollowUpsAreDownEventsWaitAndArriveOnceWhenItIsBack() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        record(tenant, customerId, contract(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE));
        feed.relay().relayWritten();
        playbooks.answer(Status.UNAVAILABLE.withDescription("followup-service is restarting"));

        playbookDelivery.runOnce();
        record(tenant, customerId, order(20_000));
        feed.relay().relayWritten();
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).isEmpty();

        playbooks.answer(Status.OK);
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).as("the tenant's delivery waits out its backoff").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        playbookDelivery.runOnce();

        assertThat(delivered(tenant)).extracting(PlaybookEvent::getKind).containsExactly(
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE,
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED);
    }

    @Test
    void anEventThePlaybooksRefuseIsPassedAndTheNextOnesStillArrive() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        record(tenant, customerId, order(1));
        feed.relay().relayWritten();
        playbooks.answer(Status.INVALID_ARGUMENT.withDescription("event.order_value: must be positive"));
        playbookDelivery.runOnce();

        playbooks.answer(Status.OK);
        record(tenant, customerId, order(2));
        feed.relay().relayWritten();
        playbookDelivery.runOnce();

        assertThat(delivered(tenant)).extracting(e -> e.getOrderValue().getUnits()).containsExactly(2L);
    }

    @Test
    void anErasedCustomersEventsAreNotHandedOver() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        record(tenant, customerId, contract(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE));
        feed.relay().relayWritten();
        as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(customerId).build());

        playbookDelivery.runOnce();

        assertThat(delivered(tenant)).isEmpty();
    }

    @Test
    void aRestartedReplicaRelaysWhatItsPredecessorLeftAndDeliversWhereTheCursorStands() {
        String tenant = newTenant();
        String customerId = customer(tenant).getId();
        record(tenant, customerId, order(30_000));
        feed.relay().relayWritten();
        playbookDelivery.runOnce();
        // Recorded, then the replica died before relaying: the names of what it recorded died with it.
        record(tenant, customerId, contract(ContractEventKind.CONTRACT_EVENT_KIND_TERMINATION_NOTICE));

        MongoCustomerEventFeed restarted = new MongoCustomerEventFeed(database, 10,
                new OutboxRelay.Settings(100, Duration.ofMinutes(5)), clock);
        restarted.relay().run();
        FeedDelivery<CustomerEvent> delivery = new FeedDelivery<>("followup-service", restarted.feed(),
                PlaybookTriggers::concernsPlaybooks, new PlaybookTriggers(clients, customerStore),
                database.getCollection(CustomerCollections.FEED_DELIVERIES), properties.events().playbooks().delivery(),
                deadLetters, "replica-after-restart", clock);
        delivery.runOnce();

        assertThat(delivered(tenant)).extracting(PlaybookEvent::getKind).containsExactly(
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED,
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE);
    }
}
