package io.exceed.customer;

import static io.exceed.customer.Fixtures.allowing;
import static io.exceed.customer.Fixtures.person;
import static io.exceed.customer.Fixtures.snapshot;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.CreateExpectationSnapshotRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerView;
import io.exceed.customer.v1.CustomerViewSection;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.GetCustomerViewRequest;
import io.exceed.customer.v1.SectionAvailability;
import io.exceed.defaults.client.ServiceClients;
import io.grpc.Status;

/**
 * The 360 view against feedback-service and followup-service fakes on real ports: whole when both answer, and
 * still answered, with the missing section marked, when one is down, too slow or behind an open breaker.
 */
class CustomerViewTest extends CustomerTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private ServiceClients clients;

    @LocalServerPort
    private int managementPort;

    @AfterEach
    void peersBackUp() {
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.UP);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.UP);
        clients.breaker("feedback-service").transitionToClosedState();
    }

    private CustomerView view(String tenant, String customerId) {
        return as(tenant).getCustomerView(GetCustomerViewRequest.newBuilder().setCustomerId(customerId).build());
    }

    private static Map<String, CustomerViewSection> sections(CustomerView view) {
        return view.getSectionsList().stream().collect(Collectors.toMap(CustomerViewSection::getName, s -> s));
    }

    private static void assertAvailable(CustomerView view, String... names) {
        for (String name : names) {
            assertThat(sections(view).get(name).getAvailability()).as(name)
                    .isEqualTo(SectionAvailability.SECTION_AVAILABILITY_AVAILABLE);
        }
    }

    private static String unavailableReason(CustomerView view, String name) {
        CustomerViewSection section = sections(view).get(name);
        assertThat(section.getAvailability()).as(name).isEqualTo(SectionAvailability.SECTION_AVAILABILITY_UNAVAILABLE);
        return section.getReason();
    }

    /** A customer with stated expectations and two logged contacts. */
    private Customer known(String tenant) {
        Customer customer = create(tenant, person("Ingrid Viewed").setContactPreferences(
                allowing(ContactChannel.CONTACT_CHANNEL_EMAIL, ContactChannel.CONTACT_CHANNEL_PHONE)));
        as(tenant).createExpectationSnapshot(CreateExpectationSnapshotRequest.newBuilder()
                .setCustomerId(customer.getId()).setSnapshot(snapshot()).build());
        reserveEmailSurvey(tenant, customer.getId());
        reserve(tenant, customer.getId(), ContactChannel.CONTACT_CHANNEL_PHONE, ContactPurpose.CONTACT_PURPOSE_RECOVERY);
        return customer;
    }

    @Test
    void everySectionIsFilledWhenEveryServiceAnswers() {
        String tenant = newTenant();
        Customer customer = known(tenant);

        CustomerView view = view(tenant, customer.getId());

        assertThat(view.getCustomer()).isEqualTo(get(tenant, customer.getId()));
        ExpectationSnapshot latest = as(tenant).getLatestExpectationSnapshot(
                io.exceed.customer.v1.GetLatestExpectationSnapshotRequest.newBuilder()
                        .setCustomerId(customer.getId()).build());
        assertThat(view.getLatestExpectations()).isEqualTo(latest);
        assertThat(view.getLastContactsList()).hasSize(2);
        assertThat(view.getLastContacts(0).getSequence()).as("newest first")
                .isGreaterThan(view.getLastContacts(1).getSequence());
        assertThat(view.getFeedbackSummary()).isEqualTo(FakeFeedback.summaryOf(customer.getId()));
        assertThat(view.getOpenFollowUpsList()).as("only the open one")
                .containsExactly(FakeFollowUps.open(customer.getId()));
        assertAvailable(view, "expectations", "contacts", "feedback", "follow_ups");
        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).singleElement()
                .satisfies(call -> assertThat(call.customerId()).isEqualTo(customer.getId()));
        assertThat(FakeFollowUps.INSTANCE.callsFor(tenant)).hasSize(1);
    }

    @Test
    void aCustomerWithoutExpectationsOrContactsHasEmptyAvailableSections() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Newcomer");

        CustomerView view = view(tenant, customer.getId());

        assertThat(view.hasLatestExpectations()).isFalse();
        assertThat(view.getLastContactsList()).isEmpty();
        assertAvailable(view, "expectations", "contacts", "feedback", "follow_ups");
    }

    @Test
    void feedbackServiceDownLeavesOnlyItsSectionUnavailable() {
        String tenant = newTenant();
        Customer customer = known(tenant);
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.DOWN);

        CustomerView view = view(tenant, customer.getId());

        assertThat(unavailableReason(view, "feedback")).startsWith("feedback-service: UNAVAILABLE");
        assertThat(view.hasFeedbackSummary()).isFalse();
        assertAvailable(view, "expectations", "contacts", "follow_ups");
        assertThat(view.getOpenFollowUpsList()).hasSize(1);
        assertThat(view.getLastContactsList()).hasSize(2);
    }

    @Test
    void followupServiceDownLeavesOnlyItsSectionUnavailable() {
        String tenant = newTenant();
        Customer customer = known(tenant);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.DOWN);

        CustomerView view = view(tenant, customer.getId());

        assertThat(unavailableReason(view, "follow_ups")).startsWith("followup-service: UNAVAILABLE");
        assertThat(view.getOpenFollowUpsList()).isEmpty();
        assertAvailable(view, "expectations", "contacts", "feedback");
        assertThat(view.getFeedbackSummary()).isEqualTo(FakeFeedback.summaryOf(customer.getId()));
    }

    @Test
    void bothDownStillAnswersWithTheLocalSections() {
        String tenant = newTenant();
        Customer customer = known(tenant);
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.DOWN);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.DOWN);

        CustomerView view = view(tenant, customer.getId());

        unavailableReason(view, "feedback");
        unavailableReason(view, "follow_ups");
        assertThat(view.getCustomer().getDisplayName()).isEqualTo("Ingrid Viewed");
        assertAvailable(view, "expectations", "contacts");
    }

    @Test
    void servicesSlowerThanTheirDeadlineAreUnavailableAndTheViewIsNotDelayedBeyondIt() {
        String tenant = newTenant();
        Customer customer = known(tenant);
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.SLOW);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.SLOW);
        Instant start = Instant.now();

        CustomerView view = view(tenant, customer.getId());

        // Both calls wait out one 1 s deadline side by side, well before a slow fake answers.
        assertThat(Duration.between(start, Instant.now()))
                .isLessThan(Duration.ofMillis(FakePeerBehaviour.SLOW_MILLIS));
        assertThat(unavailableReason(view, "feedback")).startsWith("feedback-service: DEADLINE_EXCEEDED");
        assertThat(unavailableReason(view, "follow_ups")).startsWith("followup-service: DEADLINE_EXCEEDED");
    }

    @Test
    void anOpenBreakerAnswersAtOnceAndTheMetricsShowIt() throws Exception {
        String tenant = newTenant();
        Customer customer = known(tenant);
        clients.breaker("feedback-service").transitionToOpenState();

        CustomerView view = view(tenant, customer.getId());

        assertThat(unavailableReason(view, "feedback")).startsWith("feedback-service: UNAVAILABLE")
                .contains("circuit breaker OPEN");
        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).as("refused before the network").isEmpty();
        assertAvailable(view, "follow_ups");
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(line -> line.startsWith("resilience4j_circuitbreaker_state{")
                && line.contains("name=\"feedback-service\"") && line.contains("state=\"open\"")))
                .singleElement().asString().endsWith(" 1.0");
    }

    @Test
    void unknownCustomersAndOtherTenantsCustomersAreNotFound() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Private");

        assertStatus(Status.Code.NOT_FOUND, () -> view(tenant, "no-such-customer"));
        assertStatus(Status.Code.NOT_FOUND, () -> view(newTenant(), customer.getId()));
        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).isEmpty();
    }

    @Test
    void aContactLimitOutOfRangeIsRefused() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Limited");

        assertInvalid(() -> as(tenant).getCustomerView(GetCustomerViewRequest.newBuilder()
                .setCustomerId(customer.getId()).setContactLimit(51).build()), "contact_limit");
        assertInvalid(() -> as(tenant).getCustomerView(GetCustomerViewRequest.newBuilder().build()), "customer_id");
    }
}
