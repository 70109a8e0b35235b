package io.exceed.customer;

import io.exceed.testing.MutableClock;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.budget;
import static io.exceed.customer.Fixtures.instant;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.quietHours;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactBudget;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.QuietHours;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.VerifyContactLogRequest;
import io.exceed.customer.v1.VerifyContactLogResponse;
import io.grpc.Status;

class ContactGovernorTest extends CustomerTestSupport {

    private static final Instant NOW = MutableClock.DEFAULT_NOW;
    private static final ContactChannel EMAIL = ContactChannel.CONTACT_CHANNEL_EMAIL;
    private static final ContactChannel SMS = ContactChannel.CONTACT_CHANNEL_SMS;
    private static final ContactChannel PHONE = ContactChannel.CONTACT_CHANNEL_PHONE;
    private static final ContactPurpose SURVEY = ContactPurpose.CONTACT_PURPOSE_RELATIONSHIP_SURVEY;
    private static final List<ContactPurpose> RECOVERY_PURPOSES = List.of(ContactPurpose.CONTACT_PURPOSE_RECOVERY,
            ContactPurpose.CONTACT_PURPOSE_COMPLAINT_ACKNOWLEDGEMENT, ContactPurpose.CONTACT_PURPOSE_RETENTION);
    private static final List<ContactPurpose> ALL_PURPOSES = List.of(ContactPurpose.values()).stream()
            .filter(p -> p != ContactPurpose.CONTACT_PURPOSE_UNSPECIFIED && p != ContactPurpose.UNRECOGNIZED)
            .toList();

    private Customer customer(String tenant, ContactPreferences.Builder preferences) {
        return create(tenant, person("Contactable").setContactPreferences(preferences));
    }

    private Customer customer(String tenant, String timeZone, ContactPreferences.Builder preferences) {
        return create(tenant, person("Contactable").setTimeZone(timeZone).setContactPreferences(preferences));
    }

    private static void assertGranted(ReserveContactResponse response) {
        assertThat(response.getDecision()).as("decision of %s", response).isEqualTo(ContactDecision.CONTACT_DECISION_GRANTED);
        assertThat(response.getDenialReason()).isEqualTo(ContactDenialReason.CONTACT_DENIAL_REASON_UNSPECIFIED);
        assertThat(response.hasLogEntry()).isTrue();
    }

    private static void assertDenied(ReserveContactResponse response, ContactDenialReason reason, Instant nextAllowed) {
        assertThat(response.getDecision()).as("decision of %s", response).isEqualTo(ContactDecision.CONTACT_DECISION_DENIED);
        assertThat(response.getDenialReason()).isEqualTo(reason);
        assertThat(response.hasLogEntry()).as("a denial logs nothing").isFalse();
        if (nextAllowed == null) {
            assertThat(response.hasNextAllowedTime()).as("next_allowed_time of %s", response).isFalse();
        } else {
            assertThat(response.hasNextAllowedTime()).as("next_allowed_time of %s", response).isTrue();
            assertThat(instant(response.getNextAllowedTime())).isEqualTo(nextAllowed);
        }
    }

    @Test
    void channelPurposeAndActorAreRequired() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL));

        assertInvalid(() -> as(tenant).reserveContact(ReserveContactRequest.newBuilder()
                .setCustomerId(c.getId()).build()), "channel", "purpose", "actor");
        assertInvalid(() -> as(tenant).reserveContact(ReserveContactRequest.newBuilder().setCustomerId(c.getId())
                .setChannel(EMAIL).setPurpose(SURVEY).setActor("   ").build()), "actor");
        assertInvalid(() -> as(tenant).reserveContact(ReserveContactRequest.newBuilder().setCustomerId(c.getId())
                .setChannel(EMAIL).setPurpose(SURVEY).setActor("a".repeat(201)).build()), "actor");
        assertThat(contactLog(tenant)).isEmpty();
    }

    @Test
    void reservingForAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> reserveEmailSurvey(newTenant(), "no-such-customer"));
    }

    @Test
    void aChannelWithoutConsentIsDeniedForEveryPurpose() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL, SMS));

        for (ContactPurpose purpose : ALL_PURPOSES) {
            ReserveContactResponse denial = reserve(tenant, c.getId(), PHONE, purpose);
            assertDenied(denial, ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);
            assertThat(denial.getAllowedChannelsList()).as("the channels to use instead").containsExactly(EMAIL, SMS);
        }
        assertThat(contactLog(tenant)).isEmpty();
    }

    @Test
    void aCustomerWithoutPreferencesHasConsentedToNothing() {
        String tenant = newTenant();
        Customer c = create(tenant, "No prefs");

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);
        ReserveContactResponse recovery = reserve(tenant, c.getId(), EMAIL, ContactPurpose.CONTACT_PURPOSE_RECOVERY);
        assertDenied(recovery, ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);
        assertThat(recovery.getAllowedChannelsList()).as("no channel to use instead").isEmpty();
    }

    @Test
    void withdrawnConsentIsHonouredImmediately() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL, SMS));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));

        as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(c.getId()).setContactPreferences(allowing(SMS)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_preferences.allowed_channels"))
                .build());

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);
        assertGranted(reserve(tenant, c.getId(), SMS, SURVEY));
    }

    @Test
    void consentIsCheckedBeforeQuietHoursAndBudget() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Asia/Shanghai", allowing(EMAIL).setBudget(budget(1, Duration.ofDays(7))));
        clock.set(Instant.parse("2026-03-02T14:00:00Z")); // 22:00 in Shanghai: quiet hours

        assertDenied(reserve(tenant, c.getId(), SMS, ContactPurpose.CONTACT_PURPOSE_RECOVERY),
                ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, null);
    }

    @Test
    void defaultQuietHoursInTheCustomersTimeZone() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Asia/Shanghai", allowing(EMAIL));
        clock.set(Instant.parse("2026-03-02T14:00:00Z")); // 22:00 in Shanghai

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T00:00:00Z"));

        clock.set(Instant.parse("2026-03-02T23:30:00Z")); // 07:30 in Shanghai
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T00:00:00Z"));

        clock.set(Instant.parse("2026-03-03T00:30:00Z")); // 08:30 in Shanghai
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void defaultQuietHoursForAUtcCustomer() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL));

        clock.set(Instant.parse("2026-03-02T21:30:00Z"));
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T08:00:00Z"));
        clock.set(Instant.parse("2026-03-03T03:00:00Z"));
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T08:00:00Z"));
        clock.set(Instant.parse("2026-03-03T20:30:00Z"));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void customQuietHoursWrappingMidnightInStockholm() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Europe/Stockholm", allowing(EMAIL).setQuietHours(quietHours(22, 6)));

        clock.set(Instant.parse("2026-03-02T22:30:00Z")); // 23:30 CET
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T05:00:00Z"));
        clock.set(Instant.parse("2026-03-03T04:00:00Z")); // 05:00 CET
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T05:00:00Z"));
        clock.set(Instant.parse("2026-03-02T20:30:00Z")); // 21:30 CET: the default would be quiet, this is not
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        clock.set(Instant.parse("2026-03-03T06:00:00Z")); // 07:00 CET
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void customQuietHoursWithinOneDay() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setQuietHours(quietHours(11, 13)));

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-02T13:00:00Z"));
        clock.set(Instant.parse("2026-03-02T23:00:00Z"));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void quietHoursWithMinutes() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setQuietHours(QuietHours.newBuilder()
                .setStart(Fixtures.time(11, 30)).setEnd(Fixtures.time(12, 45))));

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-02T12:45:00Z"));
        clock.set(Instant.parse("2026-03-02T11:15:00Z"));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void theEndOfQuietHoursIsWhenContactIsAllowedAgain() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Asia/Shanghai", allowing(EMAIL));
        clock.set(Instant.parse("2026-03-02T14:00:00Z"));
        ReserveContactResponse denied = reserveEmailSurvey(tenant, c.getId());
        assertDenied(denied, ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-03T00:00:00Z"));

        clock.set(instant(denied.getNextAllowedTime()));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void quietHoursEndAcrossADaylightSavingChange() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Europe/Stockholm", allowing(EMAIL));
        // Saturday 22:30 CET; clocks go forward at 02:00 on Sunday 29 March, so 08:00 CEST is 06:00 UTC.
        clock.set(Instant.parse("2026-03-28T21:30:00Z"));

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void aBudgetSlotIsFreeAtTheNextAllowedTime() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(1, Duration.ofDays(7))));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        clock.advance(Duration.ofHours(3));
        ReserveContactResponse denied = reserveEmailSurvey(tenant, c.getId());
        assertDenied(denied, ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED, NOW.plus(Duration.ofDays(7)));

        clock.set(instant(denied.getNextAllowedTime()));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void equalStartAndEndMeanNoQuietHours() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setQuietHours(quietHours(10, 10)));

        clock.set(Instant.parse("2026-03-03T02:00:00Z"));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        clock.set(Instant.parse("2026-03-03T10:00:00Z"));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
    }

    @Test
    void quietHoursApplyToRecoveryPurposesToo() {
        String tenant = newTenant();
        Customer c = customer(tenant, "Asia/Shanghai", allowing(EMAIL));
        clock.set(Instant.parse("2026-03-02T14:00:00Z"));

        for (ContactPurpose purpose : ALL_PURPOSES) {
            assertDenied(reserve(tenant, c.getId(), EMAIL, purpose),
                    ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS, Instant.parse("2026-03-03T00:00:00Z"));
        }
        assertThat(contactLog(tenant)).isEmpty();
    }

    @Test
    void budgetIsExhaustedAfterMaxContactsAndFreesUpAfterThePeriod() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(2, Duration.ofDays(7))));

        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        clock.advance(Duration.ofHours(1));
        assertGranted(reserve(tenant, c.getId(), EMAIL, ContactPurpose.CONTACT_PURPOSE_CHECK_IN));
        clock.advance(Duration.ofHours(1));
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(7)));
        assertDenied(reserve(tenant, c.getId(), EMAIL, ContactPurpose.CONTACT_PURPOSE_ADVOCATE_THANKS),
                ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED, NOW.plus(Duration.ofDays(7)));

        clock.set(NOW.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        // Now the grants at NOW+1h and NOW+7d+1m count: the next slot frees at NOW+1h+7d.
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofHours(1)).plus(Duration.ofDays(7)));
        assertThat(contactLog(tenant, c.getId())).hasSize(3);
    }

    @Test
    void defaultBudgetIsFourPerThirtyDays() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL));

        for (int i = 0; i < 4; i++) {
            assertGranted(reserveEmailSurvey(tenant, c.getId()));
            clock.advance(Duration.ofHours(1));
        }
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void budgetsArePerCustomer() {
        String tenant = newTenant();
        Customer a = customer(tenant, allowing(EMAIL).setBudget(budget(1, Duration.ofDays(7))));
        Customer b = customer(tenant, allowing(EMAIL).setBudget(budget(1, Duration.ofDays(7))));

        assertGranted(reserveEmailSurvey(tenant, a.getId()));
        assertGranted(reserveEmailSurvey(tenant, b.getId()));
        assertDenied(reserveEmailSurvey(tenant, a.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void budgetCountsAcrossChannels() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL, SMS).setBudget(budget(1, Duration.ofDays(7))));

        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        assertDenied(reserve(tenant, c.getId(), SMS, SURVEY),
                ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED, NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void recoveryPurposesMayExceedTheBudget() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(2, Duration.ofDays(7))));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(7)));

        for (ContactPurpose purpose : RECOVERY_PURPOSES) {
            ReserveContactResponse response = reserve(tenant, c.getId(), EMAIL, purpose);
            assertGranted(response);
            assertThat(response.getLogEntry().getPurpose()).isEqualTo(purpose);
        }
        assertThat(contactLog(tenant, c.getId())).hasSize(5);
    }

    @Test
    void recoveryContactsCountAgainstTheBudget() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(2, Duration.ofDays(7))));

        assertGranted(reserve(tenant, c.getId(), EMAIL, ContactPurpose.CONTACT_PURPOSE_RECOVERY));
        clock.advance(Duration.ofMinutes(30));
        assertGranted(reserve(tenant, c.getId(), EMAIL, ContactPurpose.CONTACT_PURPOSE_RETENTION));
        clock.advance(Duration.ofMinutes(30));

        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void concurrentReservationsNeverExceedTheBudget() throws Exception {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(3, Duration.ofDays(7))));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<ReserveContactResponse> responses = new ArrayList<>();
        try {
            List<Future<ReserveContactResponse>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return reserveEmailSurvey(tenant, c.getId());
                }));
            }
            start.countDown();
            for (Future<ReserveContactResponse> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<ReserveContactResponse> granted = responses.stream()
                .filter(r -> r.getDecision() == ContactDecision.CONTACT_DECISION_GRANTED).toList();
        List<ReserveContactResponse> denied = responses.stream()
                .filter(r -> r.getDecision() == ContactDecision.CONTACT_DECISION_DENIED).toList();
        assertThat(granted).hasSize(3);
        assertThat(denied).hasSize(13).allSatisfy(r -> assertThat(r.getDenialReason())
                .isEqualTo(ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED));
        assertThat(granted).extracting(r -> r.getLogEntry().getSequence()).containsExactlyInAnyOrder(1L, 2L, 3L);

        List<ContactLogEntry> log = contactLog(tenant);
        assertThat(log).hasSize(3);
        assertThat(log).extracting(ContactLogEntry::getSequence).containsExactly(1L, 2L, 3L);
        VerifyContactLogResponse verify = as(tenant).verifyContactLog(VerifyContactLogRequest.getDefaultInstance());
        assertThat(verify.getIntact()).isTrue();
        assertThat(verify.getEntriesChecked()).isEqualTo(3);
    }

    @Test
    void concurrentReservationsForSeveralCustomersKeepTheLogGapless() throws Exception {
        String tenant = newTenant();
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(customer(tenant, allowing(EMAIL).setBudget(budget(100, Duration.ofDays(7)))));
        }
        int calls = 20;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ReserveContactResponse>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String id = customers.get(i % customers.size()).getId();
                futures.add(pool.submit(() -> {
                    start.await();
                    return reserveEmailSurvey(tenant, id);
                }));
            }
            start.countDown();
            for (Future<ReserveContactResponse> future : futures) {
                assertGranted(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        List<ContactLogEntry> log = contactLog(tenant);
        assertThat(log).extracting(ContactLogEntry::getSequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, calls).boxed().toList());
        for (int i = 1; i < log.size(); i++) {
            assertThat(log.get(i).getPreviousHash()).isEqualTo(log.get(i - 1).getHash());
        }
        assertThat(as(tenant).verifyContactLog(VerifyContactLogRequest.getDefaultInstance()).getIntact()).isTrue();
    }

    @Test
    void sameRequestIdReturnsTheSameGrantAndUsesOneSlot() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(2, Duration.ofDays(7))));
        ReserveContactRequest request = ReserveContactRequest.newBuilder().setCustomerId(c.getId())
                .setChannel(EMAIL).setPurpose(SURVEY).setActor("scheduler").setRequestId("reserve-1").build();

        ReserveContactResponse first = as(tenant).reserveContact(request);
        clock.advance(Duration.ofMinutes(1));
        ReserveContactResponse second = as(tenant).reserveContact(request);

        assertGranted(first);
        assertGranted(second);
        assertThat(second.getLogEntry().getSequence()).isEqualTo(first.getLogEntry().getSequence());
        assertThat(second.getLogEntry()).isEqualTo(first.getLogEntry());
        assertThat(contactLog(tenant)).hasSize(1);

        assertGranted(as(tenant).reserveContact(request.toBuilder().setRequestId("reserve-2").build()));
        assertDenied(as(tenant).reserveContact(request.toBuilder().setRequestId("reserve-3").build()),
                ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED, NOW.plus(Duration.ofDays(7)));
        assertThat(contactLog(tenant)).hasSize(2);
    }

    @Test
    void malformedRequestIdIsRejected() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL));
        assertInvalid(() -> as(tenant).reserveContact(ReserveContactRequest.newBuilder().setCustomerId(c.getId())
                .setChannel(EMAIL).setPurpose(SURVEY).setActor("x").setRequestId("bad id").build()), "request_id");
        assertThat(contactLog(tenant)).isEmpty();
    }

    @Test
    void aGrantIsRecordedAsAChainedLogEntry() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL, SMS));

        ReserveContactResponse first = as(tenant).reserveContact(ReserveContactRequest.newBuilder()
                .setCustomerId(c.getId()).setChannel(SMS).setPurpose(ContactPurpose.CONTACT_PURPOSE_CHECK_IN)
                .setActor("playbook:check-in").build());
        clock.advance(Duration.ofMinutes(3));
        ReserveContactResponse second = reserveEmailSurvey(tenant, c.getId());

        assertGranted(first);
        ContactLogEntry entry = first.getLogEntry();
        assertThat(first.hasNextAllowedTime()).isFalse();
        assertThat(entry.getSequence()).isEqualTo(1);
        assertThat(entry.getReservationId()).isNotBlank();
        assertThat(entry.getCustomerId()).isEqualTo(c.getId());
        assertThat(entry.getChannel()).isEqualTo(SMS);
        assertThat(entry.getPurpose()).isEqualTo(ContactPurpose.CONTACT_PURPOSE_CHECK_IN);
        assertThat(entry.getActor()).isEqualTo("playbook:check-in");
        assertThat(entry.getConsentBasis()).isNotBlank();
        assertThat(instant(entry.getGrantTime())).isEqualTo(NOW);
        assertThat(entry.getPreviousHash()).isEqualTo("0".repeat(64));
        assertThat(entry.getHash()).matches("[0-9a-f]{64}");

        assertGranted(second);
        ContactLogEntry next = second.getLogEntry();
        assertThat(next.getSequence()).isEqualTo(2);
        assertThat(next.getReservationId()).isNotBlank().isNotEqualTo(entry.getReservationId());
        assertThat(next.getPreviousHash()).isEqualTo(entry.getHash());
        assertThat(next.getHash()).matches("[0-9a-f]{64}").isNotEqualTo(entry.getHash());
        assertThat(instant(next.getGrantTime())).isEqualTo(NOW.plus(Duration.ofMinutes(3)));
        assertThat(next.getActor()).isEqualTo("survey-scheduler");
        assertThat(contactLog(tenant)).containsExactly(entry, next);
    }

    @Test
    void budgetChangesApplyToLaterReservations() {
        String tenant = newTenant();
        Customer c = customer(tenant, allowing(EMAIL).setBudget(budget(1, Duration.ofDays(7))));
        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        assertDenied(reserveEmailSurvey(tenant, c.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                NOW.plus(Duration.ofDays(7)));

        ContactBudget bigger = budget(2, Duration.ofDays(7));
        as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(c.getId())
                        .setContactPreferences(ContactPreferences.newBuilder().setBudget(bigger)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_preferences.budget"))
                .build());

        assertGranted(reserveEmailSurvey(tenant, c.getId()));
        assertThat(get(tenant, c.getId()).getContactPreferences().getAllowedChannelsList()).containsExactly(EMAIL);
    }
}
