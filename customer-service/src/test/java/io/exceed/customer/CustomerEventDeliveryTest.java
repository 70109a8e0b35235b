package io.exceed.customer;

import static io.exceed.customer.Fixtures.quietHours;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.customer.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.domain.event.CustomerEventType;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoSweepSchedule;
import io.exceed.customer.v1.ContractEvent;
import io.exceed.customer.v1.ContractEventKind;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.ExpectationSnapshot;
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
 * Orders, contract events and stale expectations are recorded with the change that caused them, relayed into the
 * customer event feed and delivered to followup-service's playbooks (a fake on a real port) at least once, with
 * the customer's account owner and contact window.
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
