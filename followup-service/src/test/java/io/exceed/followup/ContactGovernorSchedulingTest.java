package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.followUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.common.v1.DeadLetter;
import io.exceed.common.v1.DeadLetterState;
import io.exceed.common.v1.ListDeadLettersRequest;
import io.exceed.common.v1.RetryDeadLetterRequest;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpChange;
import io.exceed.followup.v1.FollowUpDeadLetterServiceGrpc;
import io.exceed.followup.v1.FollowUpEvent;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.ListFollowUpEventsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Before a follow-up becomes due, customer-service's contact governor (a fake on a real port) is asked: granted, it
 * becomes due; not now, it is deferred to the time the governor gives; never, it is cancelled; unreachable, it is
 * left alone under its lease and asked about again once the lease expires — never made due unchecked.
 */
class ContactGovernorSchedulingTest extends FollowUpServiceTestBase {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MilestoneScheduler scheduler;

    @AfterEach
    void customerServiceUp() {
        customers.down(false);
    }

    /** A follow-up due in 2 h for a customer no other test uses, created through the API. */
    private FollowUp create(String tenant, FollowUpReason reason) {
        return create(tenant, reason, ContactChannel.CONTACT_CHANNEL_PHONE);
    }

    private FollowUp create(String tenant, FollowUpReason reason, ContactChannel contactChannel) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest
                .newBuilder().setActor("crm").setFollowUp(followUp(clock.instant(), "source/" + UUID.randomUUID())
                        .setCustomerId("cust-" + UUID.randomUUID()).setReason(reason).setChannel(contactChannel))
                .build());
    }

    private FollowUp get(String tenant, String id) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(id).build());
    }

    private List<FollowUpEvent> dueEvents(String tenant) {
        return as(tenant, FollowUpEventServiceGrpc.newBlockingStub(channel)).listFollowUpEvents(
                ListFollowUpEventsRequest.newBuilder().addTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE)
                        .setPageSize(500).build()).getEventsList();
    }

    private MilestoneScheduler.Run runAt(Instant instant) {
        clock.set(instant);
        return scheduler.runOnce();
    }

    private static Instant dueTime(FollowUp followUp) {
        return Instant.ofEpochSecond(followUp.getDueTime().getSeconds(), followUp.getDueTime().getNanos());
    }

    @Test
    void aGrantedContactBecomesDueAndIsReservedForItsPurposeAndChannel() {
        String tenant = newTenant();
        FollowUp recovery = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        FollowUp checkIn = create(tenant, FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN);
        FollowUp atRisk = create(tenant, FollowUpReason.FOLLOW_UP_REASON_AT_RISK_RECOVERY);

        runAt(dueTime(recovery).plusSeconds(1));

        assertThat(get(tenant, recovery.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(get(tenant, checkIn.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(dueEvents(tenant)).hasSize(3);
        ReserveContactRequest asked = customers.reservationsFor(recovery.getCustomerId()).getFirst();
        assertThat(asked.getPurpose()).isEqualTo(ContactPurpose.CONTACT_PURPOSE_RECOVERY);
        assertThat(asked.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_PHONE);
        assertThat(asked.getRequestId()).startsWith(recovery.getId());
        assertThat(customers.reservationsFor(checkIn.getCustomerId()).getFirst().getPurpose())
                .isEqualTo(ContactPurpose.CONTACT_PURPOSE_CHECK_IN);
        assertThat(customers.reservationsFor(atRisk.getCustomerId()).getFirst().getPurpose())
                .as("an at-risk customer's call is recovery too").isEqualTo(ContactPurpose.CONTACT_PURPOSE_RECOVERY);
    }

    @Test
    void quietHoursDeferTheFollowUpToTheTimeTheGovernorGives() {
        String tenant = newTenant();
        FollowUp created = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        Instant allowed = dueTime(created).plus(Duration.ofHours(9));
        customers.deny(tenant, created.getCustomerId(), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS, allowed);

        runAt(dueTime(created).plusSeconds(1));

        FollowUp deferred = get(tenant, created.getId());
        assertThat(deferred.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        assertThat(dueTime(deferred)).isEqualTo(allowed);
        assertThat(deferred.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("deferred").contains("QUIET_HOURS");
        assertThat(dueEvents(tenant)).isEmpty();

        customers.grant(tenant, created.getCustomerId());
        runAt(allowed.minusSeconds(60));
        assertThat(get(tenant, created.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        runAt(allowed.plusSeconds(1));
        assertThat(get(tenant, created.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(dueEvents(tenant)).singleElement().satisfies(event ->
                assertThat(event.getFollowUp().getId()).isEqualTo(created.getId()));
        assertThat(customers.reservationsFor(created.getCustomerId())).extracting(ReserveContactRequest::getRequestId)
                .as("a new reservation for the new due time").doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void anExhaustedBudgetDefersButWithoutConsentTheFollowUpIsNotMade() {
        String tenant = newTenant();
        FollowUp overBudget = create(tenant, FollowUpReason.FOLLOW_UP_REASON_LARGE_ORDER_CHECK_IN);
        FollowUp noConsent = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        Instant slotFrees = dueTime(overBudget).plus(Duration.ofDays(3));
        customers.deny(tenant, overBudget.getCustomerId(), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                slotFrees);
        customers.deny(tenant, noConsent.getCustomerId(), ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);

        runAt(dueTime(overBudget).plusSeconds(1));

        assertThat(dueTime(get(tenant, overBudget.getId()))).isEqualTo(slotFrees);
        FollowUp refused = get(tenant, noConsent.getId());
        assertThat(refused.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(refused.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("contact governor").contains("NO_CONSENT");
        assertThat(dueEvents(tenant)).isEmpty();
    }

    @Test
    void aCustomerWhoRefusesTheChannelButAllowsAnotherIsReachedThatWay() {
        String tenant = newTenant();
        FollowUp recovery = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        customers.consent(tenant, recovery.getCustomerId(), ContactChannel.CONTACT_CHANNEL_SMS,
                ContactChannel.CONTACT_CHANNEL_EMAIL);

        runAt(dueTime(recovery).plusSeconds(1));

        FollowUp due = get(tenant, recovery.getId());
        assertThat(due.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(due.getChannel()).as("the first channel the customer allows")
                .isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(due.getHistoryList()).extracting(FollowUpChange::getDescription).anySatisfy(description ->
                assertThat(description).contains("channel changed from PHONE to SMS").contains("NO_CONSENT"));
        assertThat(customers.reservationsFor(recovery.getCustomerId())).extracting(ReserveContactRequest::getChannel)
                .containsExactly(ContactChannel.CONTACT_CHANNEL_PHONE, ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(dueEvents(tenant)).singleElement().satisfies(event ->
                assertThat(event.getFollowUp().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS));
    }

    @Test
    void anEMailFollowUpToACustomerMailNoLongerReachesGoesByAnotherChannelOrIsNotMade() {
        String tenant = newTenant();
        FollowUp thanks = create(tenant, FollowUpReason.FOLLOW_UP_REASON_ADVOCATE_THANKS, ContactChannel.CONTACT_CHANNEL_EMAIL);
        customers.undeliverable(tenant, thanks.getCustomerId(), ContactChannel.CONTACT_CHANNEL_EMAIL,
                ContactChannel.CONTACT_CHANNEL_PHONE);
        FollowUp checkIn = create(tenant, FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN,
                ContactChannel.CONTACT_CHANNEL_EMAIL);
        customers.undeliverable(tenant, checkIn.getCustomerId(), ContactChannel.CONTACT_CHANNEL_EMAIL);

        runAt(dueTime(thanks).plusSeconds(1));

        FollowUp byPhone = get(tenant, thanks.getId());
        assertThat(byPhone.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(byPhone.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_PHONE);
        assertThat(byPhone.getHistoryList()).extracting(FollowUpChange::getDescription).anySatisfy(description ->
                assertThat(description).contains("channel changed from EMAIL to PHONE").contains("UNDELIVERABLE"));
        FollowUp notMade = get(tenant, checkIn.getId());
        assertThat(notMade.getStatus()).as("not asked again every run").isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(notMade.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("UNDELIVERABLE");
        assertThat(customers.reservationsFor(checkIn.getCustomerId())).hasSize(1);
    }

    @Test
    void anSmsFollowUpToACustomerTextsNoLongerReachGoesByAnotherChannelOrIsNotMade() {
        String tenant = newTenant();
        FollowUp thanks = create(tenant, FollowUpReason.FOLLOW_UP_REASON_ADVOCATE_THANKS,
                ContactChannel.CONTACT_CHANNEL_SMS);
        customers.undeliverable(tenant, thanks.getCustomerId(), ContactChannel.CONTACT_CHANNEL_SMS,
                ContactChannel.CONTACT_CHANNEL_EMAIL);
        FollowUp checkIn = create(tenant, FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN,
                ContactChannel.CONTACT_CHANNEL_SMS);
        customers.undeliverable(tenant, checkIn.getCustomerId(), ContactChannel.CONTACT_CHANNEL_SMS);

        runAt(dueTime(thanks).plusSeconds(1));

        FollowUp byMail = get(tenant, thanks.getId());
        assertThat(byMail.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(byMail.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(byMail.getHistoryList()).extracting(FollowUpChange::getDescription).anySatisfy(description ->
                assertThat(description).contains("channel changed from SMS to EMAIL").contains("UNDELIVERABLE"));
        FollowUp notMade = get(tenant, checkIn.getId());
        assertThat(notMade.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(notMade.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("UNDELIVERABLE");
    }

    @Test
    void aCustomerWhoAllowsNoChannelAtAllIsNotContactedAndTheHistorySaysSo() {
        String tenant = newTenant();
        FollowUp recovery = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        customers.consent(tenant, recovery.getCustomerId());

        runAt(dueTime(recovery).plusSeconds(1));

        FollowUp refused = get(tenant, recovery.getId());
        assertThat(refused.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(refused.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("NO_CONSENT").contains("allows no channel");
        assertThat(dueEvents(tenant)).isEmpty();
    }

    @Test
    void aCustomerUnknownToCustomerServiceIsNotContacted() {
        String tenant = newTenant();
        FollowUp created = create(tenant, FollowUpReason.FOLLOW_UP_REASON_RETENTION_MEETING);
        customers.unknown(tenant, created.getCustomerId());

        runAt(dueTime(created).plusSeconds(1));

        assertThat(get(tenant, created.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(customers.reservationsFor(created.getCustomerId()).getFirst().getPurpose())
                .isEqualTo(ContactPurpose.CONTACT_PURPOSE_RETENTION);
        assertThat(dueEvents(tenant)).isEmpty();
    }

    @Test
    void whileTheGovernorIsUnreachableNothingIsMadeDueUntilItCanBeAskedAgain() {
        String tenant = newTenant();
        FollowUp created = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        Instant due = dueTime(created).plusSeconds(1);
        customers.down(true);

        assertThat(runAt(due).held()).isPositive();
        FollowUp untouched = get(tenant, created.getId());
        assertThat(untouched.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        assertThat(untouched.getRevision()).isEqualTo(created.getRevision());
        assertThat(dueEvents(tenant)).isEmpty();

        customers.down(false);
        runAt(due.plusSeconds(5));
        assertThat(get(tenant, created.getId()).getStatus()).as("held under its lease, not asked again at once")
                .isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        runAt(due.plus(LEASE).plusSeconds(1));
        assertThat(get(tenant, created.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(dueEvents(tenant)).hasSize(1);
    }

    @Test
    void aContactCheckTheGovernorRefusesItselfBecomesADeadLetterThatARetryClearsOnceTheCauseIsFixed() {
        String tenant = newTenant();
        FollowUp created = create(tenant, FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY);
        customers.rejectRequests(tenant, created.getCustomerId(), true);
        Instant due = dueTime(created).plusSeconds(1);

        runAt(due);

        FollowUp deferred = get(tenant, created.getId());
        assertThat(deferred.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED);
        assertThat(dueTime(deferred)).as("not asked about at every lease, but again a day later")
                .isEqualTo(due.plus(MilestoneScheduler.RECHECK_AFTER_REJECTION));
        assertThat(deferred.getHistoryList()).last().extracting(FollowUpChange::getDescription).asString()
                .contains("refused the contact check").contains("INVALID_ARGUMENT");
        FollowUpDeadLetterServiceGrpc.FollowUpDeadLetterServiceBlockingStub deadLetters = as(tenant,
                FollowUpDeadLetterServiceGrpc.newBlockingStub(channel));
        DeadLetter deadLetter = deadLetters.listDeadLetters(ListDeadLettersRequest.getDefaultInstance())
                .getDeadLettersList().getFirst();
        assertThat(deadLetter.getConsumer()).isEqualTo("contact-check");
        assertThat(deadLetter.getSubject()).isEqualTo(created.getId());
        assertThat(deadLetter.getCustomerId()).isEqualTo(created.getCustomerId());
        assertThat(deadLetter.getReason()).contains("purpose: is not a known purpose");
        assertThat(deadLetter.getState()).isEqualTo(DeadLetterState.DEAD_LETTER_STATE_OPEN);
        assertThat(as(newTenant(), FollowUpDeadLetterServiceGrpc.newBlockingStub(channel))
                .listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList())
                .as("another tenant's").isEmpty();

        customers.rejectRequests(tenant, created.getCustomerId(), false);
        RetryDeadLetterRequest retry = RetryDeadLetterRequest.newBuilder().setDeadLetterId(deadLetter.getId()).build();
        assertThat(deadLetters.retryDeadLetter(retry).getState()).isEqualTo(DeadLetterState.DEAD_LETTER_STATE_RESOLVED);
        runAt(due.plusSeconds(5));

        assertThat(get(tenant, created.getId()).getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DUE);
        assertThat(dueEvents(tenant)).hasSize(1);
        assertThatThrownBy(() -> deadLetters.retryDeadLetter(retry)).isInstanceOfSatisfying(
                StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(deadLetters.listDeadLetters(ListDeadLettersRequest.newBuilder()
                .setState(DeadLetterState.DEAD_LETTER_STATE_OPEN).build()).getDeadLettersList()).isEmpty();
    }
}
