package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.FieldMask;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.domain.Channel;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.MarkUndeliverable;
import io.exceed.customer.domain.Reachability;
import io.exceed.customer.domain.TimelineStore;
import io.exceed.customer.domain.WithdrawConsent;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ExportCustomerResponse;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.MarkEmailUndeliverableRequest;
import io.exceed.customer.v1.MarkPhoneUndeliverableRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.TimelineEvent;
import io.exceed.customer.v1.UndeliverableEmail;
import io.exceed.customer.v1.UndeliverablePhone;
import io.exceed.customer.v1.UpdateCustomerRequest;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.customer.v1.WithdrawContactConsentRequest;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** WithdrawContactConsent, MarkEmailUndeliverable and MarkPhoneUndeliverable, and what the contact governor makes of them. */
class ReachabilityTest extends CustomerTestSupport {

    private static final ContactChannel EMAIL = ContactChannel.CONTACT_CHANNEL_EMAIL;
    private static final ContactChannel SMS = ContactChannel.CONTACT_CHANNEL_SMS;
    private static final ContactChannel PHONE = ContactChannel.CONTACT_CHANNEL_PHONE;
    private static final String BOUNCE = "550 5.1.1 <ann@example.com>: mailbox unknown";
    private static final String INVALID_NUMBER = "Twilio 400 21211: The 'To' number is not a valid phone number.";
    private static final String MOBILE = "+46701234567";
    private static final String OTHER_MOBILE = "+46701234568";

    @Autowired
    private Customers customers;

    @Autowired
    private CustomerStore customerStore;

    @Autowired
    private TimelineStore timelineStore;

    private Customer withdraw(String tenant, String customerId, ContactChannel channel) {
        return as(tenant).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                .setCustomerId(customerId).setChannel(channel).setSource("email-unsubscribe").build());
    }

    private Customer markUndeliverable(String tenant, String customerId, String address) {
        return as(tenant).markEmailUndeliverable(MarkEmailUndeliverableRequest.newBuilder()
                .setCustomerId(customerId).setEmailAddress(address).setReason(BOUNCE).build());
    }

    private Customer markPhoneUndeliverable(String tenant, String customerId, String phone) {
        return as(tenant).markPhoneUndeliverable(MarkPhoneUndeliverableRequest.newBuilder()
                .setCustomerId(customerId).setPhone(phone).setReason(INVALID_NUMBER).build());
    }

    private Customer textable(String tenant, String... phones) {
        return create(tenant, person("Ann Example").addEmails("ann@example.com").addAllPhones(List.of(phones))
                .setContactPreferences(allowing(EMAIL, SMS, PHONE)));
    }

    private Customer setPhones(String tenant, String customerId, String... phones) {
        return as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customerId).addAllPhones(List.of(phones)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("phones")).build());
    }

    private static List<String> numbers(Customer customer) {
        return customer.getUndeliverablePhonesList().stream().map(UndeliverablePhone::getPhone).toList();
    }

    private ReserveContactResponse reserveText(String tenant, String customerId) {
        return reserve(tenant, customerId, SMS, ContactPurpose.CONTACT_PURPOSE_CHECK_IN);
    }

    private Customer reachable(String tenant, String... emails) {
        return create(tenant, person("Ann Example").addAllEmails(List.of(emails))
                .setContactPreferences(allowing(EMAIL, SMS, PHONE)));
    }

    private Customer setEmails(String tenant, String customerId, String... emails) {
        return as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customerId).addAllEmails(List.of(emails)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("emails")).build());
    }

    private static void assertGranted(ReserveContactResponse response) {
        assertThat(response.getDecision()).as("decision of %s", response)
                .isEqualTo(ContactDecision.CONTACT_DECISION_GRANTED);
    }

    private static void assertDenied(ReserveContactResponse response, ContactDenialReason reason) {
        assertThat(response.getDecision()).as("decision of %s", response)
                .isEqualTo(ContactDecision.CONTACT_DECISION_DENIED);
        assertThat(response.getDenialReason()).isEqualTo(reason);
        assertThat(response.hasNextAllowedTime()).as("no later time helps").isFalse();
    }

    private static List<String> addresses(Customer customer) {
        return customer.getUndeliverableEmailsList().stream().map(UndeliverableEmail::getAddress).toList();
    }

    // ---- consent

    @Test
    void aWithdrawnChannelIsDeniedForWantOfConsentAndTheOthersAreNot() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");

        Customer withdrawn = withdraw(tenant, customer.getId(), EMAIL);

        assertThat(withdrawn.getContactPreferences().getAllowedChannelsList()).containsExactly(SMS, PHONE);
        assertThat(withdrawn.getVersion()).isEqualTo(customer.getVersion() + 1);
        assertThat(get(tenant, customer.getId())).isEqualTo(withdrawn);
        ReserveContactResponse denial = reserveEmailSurvey(tenant, customer.getId());
        assertDenied(denial, ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT);
        assertThat(denial.getAllowedChannelsList()).containsExactly(SMS, PHONE);
        assertGranted(reserve(tenant, customer.getId(), SMS, ContactPurpose.CONTACT_PURPOSE_CHECK_IN));
    }

    @Test
    void withdrawingTwiceChangesNothingMoreAndIsRecordedOnce() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");

        Customer first = withdraw(tenant, customer.getId(), SMS);
        Customer second = withdraw(tenant, customer.getId(), SMS);

        assertThat(second).isEqualTo(first);
        List<TimelineEvent> timeline = as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                .setCustomerId(customer.getId()).build()).getEventsList();
        assertThat(timeline).singleElement().satisfies(event -> {
            assertThat(event.getNote().getText()).isEqualTo("Consent to contact by SMS withdrawn (email-unsubscribe).");
            assertThat(event.getNote().getAuthor()).isEqualTo("email-unsubscribe");
        });
        assertDenied(reserve(tenant, customer.getId(), SMS, ContactPurpose.CONTACT_PURPOSE_RECOVERY),
                ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT);
    }

    @Test
    void aRetriedRequestIdDoesNotWithdrawConsentGivenAgainSince() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");
        WithdrawContactConsentRequest request = WithdrawContactConsentRequest.newBuilder()
                .setCustomerId(customer.getId()).setChannel(EMAIL).setSource("email-unsubscribe")
                .setRequestId("unsubscribe-1").build();
        as(tenant).withdrawContactConsent(request);
        Customer consentedAgain = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setContactPreferences(allowing(EMAIL, SMS)))
                .setUpdateMask(FieldMask.newBuilder().addPaths("contact_preferences.allowed_channels")).build());

        assertThat(as(tenant).withdrawContactConsent(request)).isEqualTo(consentedAgain);
        assertGranted(reserveEmailSurvey(tenant, customer.getId()));
    }

    @Test
    void withdrawingNeedsAKnownChannelAndASource() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");

        assertInvalid(() -> as(tenant).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                .setCustomerId(customer.getId()).build()), "channel", "source");
        assertInvalid(() -> as(tenant).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                .setCustomerId(customer.getId()).setChannelValue(99).setSource("sms-stop").build()), "channel");
        assertInvalid(() -> as(tenant).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                .setCustomerId(customer.getId()).setChannel(SMS).setSource("s".repeat(201)).build()), "source");
        assertInvalid(() -> as(tenant).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                .setChannel(SMS).setSource("sms-stop").build()), "customer_id");
        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
    }

    @Test
    void withdrawingForAnUnknownCustomerIsNotFound() {
        assertStatus(Status.Code.NOT_FOUND, () -> withdraw(newTenant(), "no-such-customer", EMAIL));
    }

    // ---- undeliverable addresses

    @Test
    void eMailIsDeniedOnlyWhenEveryAddressIsUndeliverable() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com", "ann@work.example.org");

        Customer one = markUndeliverable(tenant, customer.getId(), "ANN@example.com");
        assertThat(one.getUndeliverableEmailsList()).singleElement().satisfies(mark -> {
            assertThat(mark.getAddress()).as("the customer's spelling").isEqualTo("ann@example.com");
            assertThat(mark.getReason()).isEqualTo(BOUNCE);
            assertThat(Fixtures.instant(mark.getMarkTime())).isEqualTo(clock.instant());
        });
        assertGranted(reserveEmailSurvey(tenant, customer.getId()));

        Customer both = markUndeliverable(tenant, customer.getId(), "ann@work.example.org");
        assertThat(addresses(both)).containsExactly("ann@example.com", "ann@work.example.org");
        ReserveContactResponse denial = reserveEmailSurvey(tenant, customer.getId());
        assertDenied(denial, ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE);
        assertThat(denial.getAllowedChannelsList()).as("where the customer can still be reached").containsExactly(SMS, PHONE);
        assertGranted(reserve(tenant, customer.getId(), SMS, ContactPurpose.CONTACT_PURPOSE_CHECK_IN));
    }

    @Test
    void consentIsCheckedBeforeDeliverability() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");
        markUndeliverable(tenant, customer.getId(), "ann@example.com");
        withdraw(tenant, customer.getId(), EMAIL);

        assertDenied(reserveEmailSurvey(tenant, customer.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT);
    }

    @Test
    void aCustomerWithoutAddressesIsGovernedAsBefore() {
        String tenant = newTenant();
        Customer customer = reachable(tenant);

        assertGranted(reserveEmailSurvey(tenant, customer.getId()));
    }

    @Test
    void markingTwiceKeepsTheFirstMark() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");
        Customer first = markUndeliverable(tenant, customer.getId(), "ann@example.com");
        clock.advance(Duration.ofHours(1));

        Customer second = as(tenant).markEmailUndeliverable(MarkEmailUndeliverableRequest.newBuilder()
                .setCustomerId(customer.getId()).setEmailAddress("ann@example.com").setReason("another bounce").build());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void newAddressesArePresumedDeliverable() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com", "ann@work.example.org");
        markUndeliverable(tenant, customer.getId(), "ann@example.com");
        markUndeliverable(tenant, customer.getId(), "ann@work.example.org");

        Customer updated = setEmails(tenant, customer.getId(), "ann@work.example.org", "ann@example.net");

        assertThat(addresses(updated)).as("the mark of a removed address goes with it").containsExactly("ann@work.example.org");
        assertGranted(reserveEmailSurvey(tenant, customer.getId()));

        setEmails(tenant, customer.getId(), "ann@work.example.org");
        assertDenied(reserveEmailSurvey(tenant, customer.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE);
        setEmails(tenant, customer.getId(), "ann@example.net");
        Customer readded = setEmails(tenant, customer.getId(), "ann@example.net", "ann@work.example.org");
        assertThat(readded.getUndeliverableEmailsList()).as("an address added again is presumed good").isEmpty();
    }

    @Test
    void anUpsertDropsTheMarksOfAddressesNoLongerListed() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Ann Example").setExternalReference("crm-7")
                .addEmails("ann@example.com").setContactPreferences(allowing(EMAIL)));
        markUndeliverable(tenant, customer.getId(), "ann@example.com");
        assertDenied(reserveEmailSurvey(tenant, customer.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE);

        Customer upserted = as(tenant).upsertCustomer(UpsertCustomerRequest.newBuilder()
                .setCustomer(person("Ann Example").setExternalReference("crm-7").addEmails("ann@example.net")
                        .setContactPreferences(allowing(EMAIL))).build()).getCustomer();

        assertThat(upserted.getUndeliverableEmailsList()).isEmpty();
        assertGranted(reserveEmailSurvey(tenant, customer.getId()));
    }

    @Test
    void anAddressNotOnTheCustomerIsInvalidAndChangesNothing() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");

        assertInvalid(() -> markUndeliverable(tenant, customer.getId(), "someone@example.se"), "email_address");
        assertInvalid(() -> markUndeliverable(tenant, customer.getId(), " "), "email_address");
        assertInvalid(() -> as(tenant).markEmailUndeliverable(MarkEmailUndeliverableRequest.newBuilder()
                .setCustomerId(customer.getId()).setEmailAddress("ann@example.com").setReason("r".repeat(501)).build()),
                "reason");

        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
    }

    @Test
    void anotherTenantCanNeitherSeeNorChangeIt() {
        String tenant = newTenant();
        String other = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");

        assertStatus(Status.Code.NOT_FOUND, () -> markUndeliverable(other, customer.getId(), "ann@example.com"));
        assertStatus(Status.Code.NOT_FOUND, () -> withdraw(other, customer.getId(), EMAIL));

        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
        Customer marked = markUndeliverable(tenant, customer.getId(), "ann@example.com");
        assertStatus(Status.Code.NOT_FOUND, () -> get(other, customer.getId()));
        assertThat(marked.getUndeliverableEmailsCount()).isEqualTo(1);
    }

    @Test
    void theExportShowsTheMarksAndErasureRemovesThem() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com");
        Customer marked = markUndeliverable(tenant, customer.getId(), "ann@example.com");

        ExportCustomerResponse export = as(tenant).exportCustomer(ExportCustomerRequest.newBuilder()
                .setCustomerId(customer.getId()).build());
        assertThat(export.getCustomer().getUndeliverableEmailsList()).isEqualTo(marked.getUndeliverableEmailsList());

        Customer tombstone = as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder()
                .setCustomerId(customer.getId()).build()).getCustomer();

        assertThat(tombstone.getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ERASED);
        assertThat(tombstone.getUndeliverableEmailsList()).isEmpty();
        assertThat(get(tenant, customer.getId()).getUndeliverableEmailsList()).isEmpty();
        assertThat(as(tenant).exportCustomer(ExportCustomerRequest.newBuilder().setCustomerId(customer.getId())
                .build()).getCustomer().getUndeliverableEmailsList()).isEmpty();
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> markUndeliverable(tenant, customer.getId(), "ann@example.com"));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> withdraw(tenant, customer.getId(), SMS));
    }

    // ---- undeliverable phone numbers

    @Test
    void textsAreDeniedOnlyWhenEveryNumberIsUndeliverable() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE, OTHER_MOBILE);

        Customer one = markPhoneUndeliverable(tenant, customer.getId(), "+46 70 123 45 67");
        assertThat(one.getUndeliverablePhonesList()).singleElement().satisfies(mark -> {
            assertThat(mark.getPhone()).as("normalised, as the customer lists it").isEqualTo(MOBILE);
            assertThat(mark.getReason()).isEqualTo(INVALID_NUMBER);
            assertThat(Fixtures.instant(mark.getMarkTime())).isEqualTo(clock.instant());
        });
        assertThat(one.getVersion()).isEqualTo(customer.getVersion() + 1);
        assertThat(one.getUndeliverableEmailsList()).isEmpty();
        assertGranted(reserveText(tenant, customer.getId()));

        Customer both = markPhoneUndeliverable(tenant, customer.getId(), OTHER_MOBILE);
        assertThat(numbers(both)).containsExactly(MOBILE, OTHER_MOBILE);
        assertThat(get(tenant, customer.getId())).isEqualTo(both);
        ReserveContactResponse denial = reserveText(tenant, customer.getId());
        assertDenied(denial, ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE);
        assertThat(denial.getAllowedChannelsList()).as("where the customer can still be reached")
                .containsExactly(EMAIL, PHONE);
        assertGranted(reserveEmailSurvey(tenant, customer.getId()));
        assertGranted(reserve(tenant, customer.getId(), PHONE, ContactPurpose.CONTACT_PURPOSE_CHECK_IN));
    }

    @Test
    void aCustomerWithoutNumbersIsTextedAsBefore() {
        String tenant = newTenant();
        Customer customer = textable(tenant);

        assertGranted(reserveText(tenant, customer.getId()));
    }

    @Test
    void consentIsCheckedBeforeANumbersDeliverability() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE);
        markPhoneUndeliverable(tenant, customer.getId(), MOBILE);
        withdraw(tenant, customer.getId(), SMS);

        assertDenied(reserveText(tenant, customer.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT);
    }

    @Test
    void markingANumberTwiceKeepsTheFirstMark() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE);
        Customer first = markPhoneUndeliverable(tenant, customer.getId(), MOBILE);
        clock.advance(Duration.ofHours(1));

        Customer second = as(tenant).markPhoneUndeliverable(MarkPhoneUndeliverableRequest.newBuilder()
                .setCustomerId(customer.getId()).setPhone("+46 70 123 45 67").setReason("21614").build());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void newNumbersArePresumedDeliverable() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE, OTHER_MOBILE);
        markPhoneUndeliverable(tenant, customer.getId(), MOBILE);
        markPhoneUndeliverable(tenant, customer.getId(), OTHER_MOBILE);
        assertDenied(reserveText(tenant, customer.getId()), ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE);

        Customer updated = setPhones(tenant, customer.getId(), OTHER_MOBILE, "+46701234569");

        assertThat(numbers(updated)).as("the mark of a removed number goes with it").containsExactly(OTHER_MOBILE);
        assertGranted(reserveText(tenant, customer.getId()));
        setPhones(tenant, customer.getId(), "+46701234569");
        Customer readded = setPhones(tenant, customer.getId(), "+46701234569", "+46 70 123 45 67");
        assertThat(readded.getUndeliverablePhonesList()).as("a number added again is presumed good").isEmpty();
    }

    @Test
    void aNumberNotOnTheCustomerIsInvalidAndChangesNothing() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE);

        assertInvalid(() -> markPhoneUndeliverable(tenant, customer.getId(), OTHER_MOBILE), "phone");
        assertInvalid(() -> markPhoneUndeliverable(tenant, customer.getId(), " "), "phone");
        assertInvalid(() -> markPhoneUndeliverable(tenant, customer.getId(), "0701234567"), "phone");
        assertInvalid(() -> markPhoneUndeliverable(tenant, customer.getId(), "ann@example.com"), "phone");
        assertInvalid(() -> as(tenant).markPhoneUndeliverable(MarkPhoneUndeliverableRequest.newBuilder()
                .setCustomerId(customer.getId()).setPhone(MOBILE).setReason("r".repeat(501)).build()), "reason");
        assertInvalid(() -> as(tenant).markPhoneUndeliverable(MarkPhoneUndeliverableRequest.newBuilder()
                .setPhone(MOBILE).build()), "customer_id");

        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
    }

    @Test
    void markingANumberForAnUnknownOrOtherTenantsCustomerIsNotFound() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE);

        assertStatus(Status.Code.NOT_FOUND, () -> markPhoneUndeliverable(newTenant(), "no-such-customer", MOBILE));
        assertStatus(Status.Code.NOT_FOUND, () -> markPhoneUndeliverable(newTenant(), customer.getId(), MOBILE));
        assertThat(get(tenant, customer.getId())).isEqualTo(customer);
    }

    @Test
    void erasureRemovesTheMarksOfNumbers() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE);
        markPhoneUndeliverable(tenant, customer.getId(), MOBILE);

        Customer tombstone = as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder()
                .setCustomerId(customer.getId()).build()).getCustomer();

        assertThat(tombstone.getUndeliverablePhonesList()).isEmpty();
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> markPhoneUndeliverable(tenant, customer.getId(), MOBILE));
    }

    // ---- concurrency

    /**
     * A store that lets an UpdateCustomer in between the read and the write of the first change it is asked to
     * store, so the compare-and-set sees a customer changed since it was read.
     */
    private CustomerStore interleaving(Runnable concurrentUpdate) {
        AtomicBoolean interleaved = new AtomicBoolean();
        return (CustomerStore) Proxy.newProxyInstance(CustomerStore.class.getClassLoader(),
                new Class<?>[] {CustomerStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("replace") && interleaved.compareAndSet(false, true)) {
                        concurrentUpdate.run();
                    }
                    try {
                        return method.invoke(customerStore, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anUpdateBetweenReadAndWriteIsKeptAndTheChangeStillMade() {
        String tenant = newTenant();
        Customer customer = reachable(tenant, "ann@example.com", "ann@work.example.org");
        Runnable rename = () -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setDisplayName("Ann Renamed"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name")).build());
        Runnable addAddress = () -> setEmails(tenant, customer.getId(), "ann@example.com", "ann@work.example.org",
                "ann@example.org");

        new Reachability(customers, interleaving(rename), timelineStore, clock, () -> "note-" + customer.getId())
                .withdrawConsent(new TenantId(tenant), new WithdrawConsent(customer.getId(), Channel.SMS, "sms-stop",
                        Optional.empty()), new Violations());
        new Reachability(customers, interleaving(addAddress), timelineStore, clock, () -> "unused")
                .markUndeliverable(new TenantId(tenant), new MarkUndeliverable(customer.getId(), Channel.EMAIL,
                        "ann@work.example.org", BOUNCE, Optional.empty()), new Violations());

        Customer stored = get(tenant, customer.getId());
        assertThat(stored.getDisplayName()).isEqualTo("Ann Renamed");
        assertThat(stored.getContactPreferences().getAllowedChannelsList()).containsExactly(EMAIL, PHONE);
        assertThat(stored.getEmailsList()).containsExactly("ann@example.com", "ann@work.example.org", "ann@example.org");
        assertThat(addresses(stored)).containsExactly("ann@work.example.org");
        assertThat(stored.getVersion()).as("four changes, none lost").isEqualTo(customer.getVersion() + 4);
    }

    @Test
    void anUpdateBetweenReadAndWriteOfANumbersMarkIsKept() {
        String tenant = newTenant();
        Customer customer = textable(tenant, MOBILE, OTHER_MOBILE);
        Runnable addNumber = () -> setPhones(tenant, customer.getId(), MOBILE, OTHER_MOBILE, "+46701234569");

        new Reachability(customers, interleaving(addNumber), timelineStore, clock, () -> "unused")
                .markUndeliverable(new TenantId(tenant), new MarkUndeliverable(customer.getId(), Channel.SMS,
                        OTHER_MOBILE, INVALID_NUMBER, Optional.empty()), new Violations());

        Customer stored = get(tenant, customer.getId());
        assertThat(stored.getPhonesList()).containsExactly(MOBILE, OTHER_MOBILE, "+46701234569");
        assertThat(numbers(stored)).containsExactly(OTHER_MOBILE);
        assertThat(stored.getVersion()).as("two changes, none lost").isEqualTo(customer.getVersion() + 2);
    }

    @Test
    void concurrentChangesAreAllKept() throws Exception {
        String tenant = newTenant();
        List<String> emails = List.of("a@example.com", "b@example.com", "c@example.com", "d@example.com");
        List<ContactChannel> channels = List.of(EMAIL, SMS, PHONE, ContactChannel.CONTACT_CHANNEL_IN_APP,
                ContactChannel.CONTACT_CHANNEL_POST);
        List<String> phones = List.of(MOBILE, OTHER_MOBILE);
        Customer customer = create(tenant, person("Busy").addAllEmails(emails).addAllPhones(phones)
                .setContactPreferences(allowing(channels.toArray(ContactChannel[]::new))));
        List<Callable<Customer>> calls = new ArrayList<>();
        channels.forEach(channel -> calls.add(() -> withdraw(tenant, customer.getId(), channel)));
        emails.forEach(email -> calls.add(() -> markUndeliverable(tenant, customer.getId(), email)));
        phones.forEach(phone -> calls.add(() -> markPhoneUndeliverable(tenant, customer.getId(), phone)));
        for (int i = 0; i < 4; i++) {
            String tag = "tag-" + i;
            calls.add(() -> as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                    .setCustomer(Customer.newBuilder().setId(customer.getId()).addTags(tag))
                    .setUpdateMask(FieldMask.newBuilder().addPaths("tags")).build()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Customer>> results = new ArrayList<>();
            calls.forEach(call -> results.add(pool.submit(() -> retried(call))));
            for (Future<Customer> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Customer stored = get(tenant, customer.getId());
        assertThat(stored.getContactPreferences().getAllowedChannelsList()).isEmpty();
        assertThat(addresses(stored)).containsExactlyInAnyOrderElementsOf(emails);
        assertThat(numbers(stored)).containsExactlyInAnyOrderElementsOf(phones);
        assertThat(stored.getTagsList()).hasSize(1);
        assertThat(stored.getVersion()).as("every call one change, none lost")
                .isEqualTo(customer.getVersion() + calls.size());
    }

    /** As a client does: idempotent calls are tried again when they lose too many races. */
    private static Customer retried(Callable<Customer> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean contention = code == Status.Code.ABORTED || code == Status.Code.FAILED_PRECONDITION;
                if (!contention || attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
