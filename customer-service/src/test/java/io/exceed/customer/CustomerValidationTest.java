package io.exceed.customer;

import io.exceed.testing.GrpcErrors;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.budget;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.time;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertInvalidUnder;
import static io.exceed.testing.GrpcErrors.violationFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.google.type.Money;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerValue;
import io.exceed.customer.v1.QuietHours;
import io.exceed.customer.v1.Segment;
import io.grpc.StatusRuntimeException;

class CustomerValidationTest extends CustomerTestSupport {

    /** Asserts that creating {@code customer} fails naming {@code fields}, and stores nothing. */
    private StatusRuntimeException rejects(Customer.Builder customer, String... fields) {
        String tenant = newTenant();
        StatusRuntimeException e = assertInvalid(() -> create(tenant, customer), fields);
        assertThat(listIds(tenant)).as("nothing stored after a rejected create").isEmpty();
        return e;
    }

    private void rejectsUnder(Customer.Builder customer, String prefix) {
        String tenant = newTenant();
        assertInvalidUnder(() -> create(tenant, customer), prefix);
        assertThat(listIds(tenant)).as("nothing stored after a rejected create").isEmpty();
    }

    @Test
    void displayNameIsRequired() {
        rejects(Customer.newBuilder(), "customer.display_name");
        rejects(person(""), "customer.display_name");
        rejects(person("   \t "), "customer.display_name");
    }

    @Test
    void displayNameIsAtMost200Characters() {
        rejects(person("x".repeat(201)), "customer.display_name");
        assertThat(create(newTenant(), "y".repeat(200)).getDisplayName()).hasSize(200);
    }

    @Test
    void emailsMustBeValidAddresses() {
        StatusRuntimeException e = rejects(person("A").addEmails("good@example.com").addEmails("not-an-email"),
                "customer.emails[1]");
        assertThat(violationFields(e)).doesNotContain("customer.emails[0]");
        rejects(person("A").addEmails("a@@example.com"), "customer.emails[0]");
        rejects(person("A").addEmails(""), "customer.emails[0]");
    }

    @Test
    void atMostTenEmails() {
        Customer.Builder customer = person("A");
        IntStream.range(0, 11).forEach(i -> customer.addEmails("user" + i + "@example.com"));
        rejectsUnder(customer, "customer.emails");

        Customer.Builder ten = person("B");
        IntStream.range(0, 10).forEach(i -> ten.addEmails("user" + i + "@example.com"));
        assertThat(create(newTenant(), ten).getEmailsCount()).isEqualTo(10);
    }

    @Test
    void phonesMustBeInternationalAndValid() {
        rejects(person("A").addPhones("070-123 45 67"), "customer.phones[0]");
        rejects(person("A").addPhones("+46 70 123 45 67").addPhones("+46 12"), "customer.phones[1]");
        rejects(person("A").addPhones("+1 000"), "customer.phones[0]");
        rejects(person("A").addPhones("call me"), "customer.phones[0]");
    }

    @Test
    void phonesAreStoredAsE164() {
        Customer created = create(newTenant(), person("A")
                .addPhones("+46 70 123 45 67")
                .addPhones("+46 (0)70-765 43 21".replace("(0)", ""))
                .addPhones("+1 650-253-0000"));
        assertThat(created.getPhonesList()).containsExactly("+46701234567", "+46707654321", "+16502530000");
    }

    @Test
    void languageMustBeABcp47Tag() {
        rejects(person("A").setLanguage("not a tag!"), "customer.language");
        assertThat(create(newTenant(), person("B").setLanguage("sv")).getLanguage()).isEqualTo("sv");
        assertThat(create(newTenant(), person("C").setLanguage("zh-Hans")).getLanguage()).isEqualTo("zh-Hans");
        assertThat(create(newTenant(), person("D").setLanguage("en-GB")).getLanguage()).isEqualTo("en-GB");
    }

    @Test
    void timeZoneMustBeAnIanaId() {
        rejects(person("A").setTimeZone("Mars/Olympus"), "customer.time_zone");
        assertThat(create(newTenant(), person("B").setTimeZone("Europe/Stockholm")).getTimeZone())
                .isEqualTo("Europe/Stockholm");
        assertThat(create(newTenant(), person("C").setTimeZone("Asia/Shanghai")).getTimeZone())
                .isEqualTo("Asia/Shanghai");
    }

    @Test
    void tagsAreLimitedInNumberAndLength() {
        rejects(person("A").addTags("ok").addTags(""), "customer.tags[1]");
        rejects(person("A").addTags("t".repeat(65)), "customer.tags[0]");
        Customer.Builder many = person("B");
        IntStream.range(0, 51).forEach(i -> many.addTags("tag" + i));
        rejectsUnder(many, "customer.tags");

        Customer.Builder fifty = person("C").addTags("t".repeat(64));
        IntStream.range(0, 49).forEach(i -> fifty.addTags("tag" + i));
        assertThat(create(newTenant(), fifty).getTagsCount()).isEqualTo(50);
    }

    @Test
    void segmentAttributeKeysAndValuesAreChecked() {
        rejectsUnder(person("A").setSegment(Segment.newBuilder().putAttributes("Region", "north")),
                "customer.segment.attributes");
        rejectsUnder(person("A").setSegment(Segment.newBuilder().putAttributes("1region", "north")),
                "customer.segment.attributes");
        rejectsUnder(person("A").setSegment(Segment.newBuilder().putAttributes("age-band", "x")),
                "customer.segment.attributes");
        rejectsUnder(person("A").setSegment(Segment.newBuilder().putAttributes("k" + "x".repeat(64), "v")),
                "customer.segment.attributes");
        rejectsUnder(person("A").setSegment(Segment.newBuilder().putAttributes("region", "v".repeat(201))),
                "customer.segment.attributes");

        Customer ok = create(newTenant(), person("B").setSegment(Segment.newBuilder()
                .putAttributes("k" + "x".repeat(63), "v".repeat(200))
                .putAttributes("income_band2", "high")));
        assertThat(ok.getSegment().getAttributesMap()).hasSize(2);
    }

    @Test
    void allowedChannelsMustNotContainUnspecified() {
        rejects(person("A").setContactPreferences(ContactPreferences.newBuilder()
                .addAllowedChannels(ContactChannel.CONTACT_CHANNEL_EMAIL)
                .addAllowedChannels(ContactChannel.CONTACT_CHANNEL_UNSPECIFIED)),
                "customer.contact_preferences.allowed_channels[1]");
        rejects(person("A").setContactPreferences(ContactPreferences.newBuilder()
                .addAllowedChannels(ContactChannel.CONTACT_CHANNEL_UNSPECIFIED)),
                "customer.contact_preferences.allowed_channels[0]");
    }

    @Test
    void budgetMaxContactsIsBetween1And100() {
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(0, Duration.ofDays(7)))),
                "customer.contact_preferences.budget.max_contacts");
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(101, Duration.ofDays(7)))),
                "customer.contact_preferences.budget.max_contacts");
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(-1, Duration.ofDays(7)))),
                "customer.contact_preferences.budget.max_contacts");
        assertThat(create(newTenant(), person("B").setContactPreferences(allowing()
                .setBudget(budget(100, Duration.ofDays(7))))).getContactPreferences().getBudget().getMaxContacts())
                .isEqualTo(100);
        assertThat(create(newTenant(), person("C").setContactPreferences(allowing()
                .setBudget(budget(1, Duration.ofDays(7))))).getContactPreferences().getBudget().getMaxContacts())
                .isEqualTo(1);
    }

    @Test
    void budgetPeriodIsBetweenOneHourAnd366Days() {
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(2, Duration.ofMinutes(59)))),
                "customer.contact_preferences.budget.period");
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(2, Duration.ofDays(367)))),
                "customer.contact_preferences.budget.period");
        rejects(person("A").setContactPreferences(allowing().setBudget(budget(2, Duration.ZERO))),
                "customer.contact_preferences.budget.period");
        create(newTenant(), person("B").setContactPreferences(allowing().setBudget(budget(2, Duration.ofHours(1)))));
        create(newTenant(), person("C").setContactPreferences(allowing().setBudget(budget(2, Duration.ofDays(366)))));
    }

    @Test
    void quietHoursTimesMustBeValid() {
        rejectsUnder(person("A").setContactPreferences(allowing().setQuietHours(QuietHours.newBuilder()
                .setStart(time(25, 0)).setEnd(time(8, 0)))), "customer.contact_preferences.quiet_hours");
        rejectsUnder(person("A").setContactPreferences(allowing().setQuietHours(QuietHours.newBuilder()
                .setStart(time(22, 0)).setEnd(time(8, 61)))), "customer.contact_preferences.quiet_hours");
        rejectsUnder(person("A").setContactPreferences(allowing().setQuietHours(QuietHours.newBuilder()
                .setStart(time(-1, 0)).setEnd(time(8, 0)))), "customer.contact_preferences.quiet_hours");
    }

    @Test
    void lifetimeValueNeedsACurrencyCodeAndANonNegativeAmount() {
        rejectsUnder(person("A").setValue(CustomerValue.newBuilder()
                .setLifetimeValue(Money.newBuilder().setCurrencyCode("sek").setUnits(10))),
                "customer.value.lifetime_value");
        rejectsUnder(person("A").setValue(CustomerValue.newBuilder()
                .setLifetimeValue(Money.newBuilder().setCurrencyCode("SEKK").setUnits(10))),
                "customer.value.lifetime_value");
        rejectsUnder(person("A").setValue(CustomerValue.newBuilder()
                .setLifetimeValue(Money.newBuilder().setUnits(10))),
                "customer.value.lifetime_value");
        rejectsUnder(person("A").setValue(CustomerValue.newBuilder()
                .setLifetimeValue(Money.newBuilder().setCurrencyCode("SEK").setUnits(-5))),
                "customer.value.lifetime_value");
        Customer ok = create(newTenant(), person("B").setValue(CustomerValue.newBuilder()
                .setLifetimeValue(Money.newBuilder().setCurrencyCode("EUR").setUnits(0))));
        assertThat(ok.getValue().getLifetimeValue().getCurrencyCode()).isEqualTo("EUR");
    }

    @Test
    void severalInvalidFieldsAreReportedTogether() {
        StatusRuntimeException e = rejects(person("")
                .addEmails("nope")
                .addPhones("12345")
                .setLanguage("not a tag!")
                .setTimeZone("Mars/Olympus")
                .addTags("")
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_UNSPECIFIED)
                        .setBudget(budget(0, Duration.ofDays(7)))),
                "customer.display_name", "customer.emails[0]", "customer.phones[0]", "customer.language",
                "customer.time_zone", "customer.tags[0]", "customer.contact_preferences.allowed_channels[0]",
                "customer.contact_preferences.budget.max_contacts");
        assertThat(GrpcErrors.reason(e)).isNotBlank();
    }

    @Test
    void severalInvalidFieldsOtherThanPhonesAreReportedTogether() {
        rejects(person("   ")
                .addEmails("ok@example.com")
                .addEmails("nope")
                .setLanguage("not a tag!")
                .setTimeZone("Mars/Olympus")
                .addTags("t".repeat(65))
                .setContactPreferences(allowing(ContactChannel.CONTACT_CHANNEL_EMAIL)
                        .setBudget(budget(101, Duration.ofMinutes(1)))),
                "customer.display_name", "customer.emails[1]", "customer.language", "customer.time_zone",
                "customer.tags[0]", "customer.contact_preferences.budget.max_contacts",
                "customer.contact_preferences.budget.period");
    }

    @Test
    void malformedRequestIdIsRejected() {
        String tenant = newTenant();
        assertInvalid(() -> as(tenant).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(person("A")).setRequestId("has spaces in it").build()), "request_id");
        assertInvalid(() -> as(tenant).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(person("A")).setRequestId("r".repeat(129)).build()), "request_id");
        assertThat(listIds(tenant)).isEmpty();

        Customer ok = as(tenant).createCustomer(CreateCustomerRequest.newBuilder()
                .setCustomer(person("A")).setRequestId("r".repeat(128)).build());
        assertThat(listIds(tenant)).containsExactly(ok.getId());
    }

    @Test
    void missingCustomerMessageIsRejected() {
        String tenant = newTenant();
        assertInvalidUnder(() -> as(tenant).createCustomer(CreateCustomerRequest.getDefaultInstance()), "customer");
        assertThat(listIds(tenant)).isEmpty();
    }
}
