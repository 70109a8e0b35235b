package io.exceed.customer.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;

import com.google.type.Money;
import com.google.type.TimeOfDay;

import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.CustomerProfile;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.QuietHours;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.domain.event.CustomerEventType;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Hands customer events to followup-service's playbooks: an order (a large one gets a check-in), a termination
 * notice (a retention meeting), stale expectations (asking again), and a relationship that became at risk (a
 * recovery call) or advocate (a thank-you). customer-service owns the account owner, time zone and quiet hours, so
 * it sends them along and followup-service need not ask back. followup-service evaluates each source reference once
 * per reason, so a redelivered event schedules nothing new. Other contract kinds (downgrade, upgrade, renewal) and
 * changes to other relationship states are in the feed but no playbook kind exists for them, so they are not sent.
 * A change to detractor is not sent either: feedback-service's detractor response already reaches the playbooks.
 * Fallback when followup-service cannot be reached: none is needed; the event stays in the feed and the delivery
 * retries with backoff.
 */
public final class PlaybookTriggers implements FeedDelivery.Consumer<CustomerEvent> {

    public static final String TARGET = "followup-service";
    static final String ACTOR = "customer-service";

    /** Answers about the event itself: asking again gets the same answer. */
    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND, Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED);

    private final PlaybookServiceGrpc.PlaybookServiceBlockingStub playbooks;
    private final CustomerStore customers;

    public PlaybookTriggers(ServiceClients clients, CustomerStore customers) {
        this.playbooks = PlaybookServiceGrpc.newBlockingStub(
                clients.channel(TARGET, PlaybookServiceGrpc.getServiceDescriptor()));
        this.customers = customers;
    }

    /** Whether playbooks react to this kind of event at all; the rest are passed without a call. */
    public static boolean concernsPlaybooks(CustomerEvent event) {
        return kind(event).isPresent();
    }

    /**
     * Calls followup-service with the event, as the tenant. An event of a customer who was erased (or deleted)
     * meanwhile is passed: there is nobody left to follow up with.
     */
    @Override
    public void deliver(TenantId tenant, CustomerEvent event) {
        Optional<Customer> customer = customers.find(tenant, event.customerId()).filter(c -> !c.isErased());
        if (customer.isEmpty()) {
            return;
        }
        try {
            TenantCalls.as(tenant, playbooks).evaluatePlaybooks(EvaluatePlaybooksRequest.newBuilder()
                    .setEvent(playbookEvent(event, customer.get().profile()))
                    .setActor(ACTOR)
                    .build());
        } catch (StatusRuntimeException e) {
            if (ErasedCustomers.isRefusal(e)) {
                // The customer was erased meanwhile: the event is moot, and the refusal's text names them.
                return;
            }
            if (REFUSALS.contains(e.getStatus().getCode())) {
                throw new DeadLetters.Refused("followup-service refused event " + event.id() + ": "
                        + DeadLetters.Refused.reason(e.getStatus()), event.customerId(), e);
            }
            throw e;
        }
    }

    /** The business event a playbook sees; its source reference names the event, so it is evaluated once. */
    static PlaybookEvent playbookEvent(CustomerEvent event, CustomerProfile profile) {
        PlaybookEvent.Builder builder = PlaybookEvent.newBuilder()
                .setKind(kind(event).orElseThrow())
                .setCustomerId(event.customerId())
                .setOccurTime(ProtoTimes.timestamp(event.occurTime()))
                .setAccountOwner(profile.accountOwner() == null ? "" : profile.accountOwner())
                .setContactWindow(window(profile));
        switch (event.type()) {
            case ORDER_PLACED -> builder.setSourceReference("timeline/" + event.sourceId())
                    .setOrderValue(money(event.orderValue()));
            case CONTRACT_EVENT -> builder.setSourceReference("timeline/" + event.sourceId());
            case EXPECTATIONS_STALE -> builder.setSourceReference("expectations/" + event.sourceId() + "/stale");
            // Names the change, not the customer: follow-ups keep their source reference after an erasure.
            case RELATIONSHIP_CHANGED -> builder.setSourceReference("relationship/" + event.sourceId());
        }
        return builder.build();
    }

    private static Optional<PlaybookEventKind> kind(CustomerEvent event) {
        return switch (event.type()) {
            case ORDER_PLACED -> Optional.of(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED);
            case CONTRACT_EVENT -> event.contractKind() == ContractEventKind.TERMINATION_NOTICE
                    ? Optional.of(PlaybookEventKind.PLAYBOOK_EVENT_KIND_TERMINATION_NOTICE) : Optional.empty();
            case EXPECTATIONS_STALE -> Optional.of(PlaybookEventKind.PLAYBOOK_EVENT_KIND_EXPECTATIONS_STALE);
            case RELATIONSHIP_CHANGED -> switch (event.relationship()) {
                case AT_RISK -> Optional.of(PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_AT_RISK);
                case ADVOCATE -> Optional.of(PlaybookEventKind.PLAYBOOK_EVENT_KIND_RELATIONSHIP_ADVOCATE);
                case UNRATED, LOYAL, PASSIVE, DETRACTOR -> Optional.empty();
            };
        };
    }

    /** The customer's time zone, and their own quiet hours if they set any (else followup-service's default). */
    private static ContactWindow window(CustomerProfile profile) {
        ContactWindow.Builder window = ContactWindow.newBuilder()
                .setTimeZone(profile.timeZone() == null || profile.timeZone().isBlank() ? "UTC" : profile.timeZone());
        QuietHours quiet = profile.contactPreferences() == null ? null : profile.contactPreferences().quietHours();
        if (quiet != null) {
            window.setQuietHours(io.exceed.customer.v1.QuietHours.newBuilder().setStart(time(quiet.start()))
                    .setEnd(time(quiet.end())));
        }
        return window.build();
    }

    private static Money money(io.exceed.customer.domain.Money value) {
        BigDecimal units = value.amount().setScale(0, RoundingMode.DOWN);
        return Money.newBuilder().setCurrencyCode(value.currency()).setUnits(units.longValueExact())
                .setNanos(value.amount().subtract(units).movePointRight(9).intValue()).build();
    }

    private static TimeOfDay time(LocalTime time) {
        return TimeOfDay.newBuilder().setHours(time.getHour()).setMinutes(time.getMinute()).build();
    }
}
