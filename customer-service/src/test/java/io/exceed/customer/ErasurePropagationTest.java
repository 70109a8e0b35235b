package io.exceed.customer;

import static io.exceed.customer.Fixtures.person;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerState;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.EraseCustomerRequest;
import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.ErasurePart;
import io.exceed.customer.v1.ErasurePartState;
import io.grpc.Status;

/**
 * EraseCustomer against feedback-service and followup-service fakes on real ports: each service's part is asked
 * for with one pseudonym and reported; a part whose service is down is erased locally all the same, reported
 * PENDING, and completed in the background once the service is back.
 */
class ErasurePropagationTest extends CustomerTestSupport {

    @Autowired
    private MongoDatabase database;

    @AfterEach
    void peersBackUp() {
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.UP);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.UP);
    }

    private EraseCustomerResponse erase(String tenant, String customerId) {
        return as(tenant).eraseCustomer(EraseCustomerRequest.newBuilder().setCustomerId(customerId).build());
    }

    private static Map<String, ErasurePart> parts(EraseCustomerResponse response) {
        return response.getPartsList().stream().collect(Collectors.toMap(ErasurePart::getService, part -> part));
    }

    private static void assertCompleted(EraseCustomerResponse response) {
        assertThat(response.getPartsList()).extracting(ErasurePart::getService)
                .containsExactly("customer-service", "feedback-service", "followup-service");
        assertThat(response.getPartsList()).allSatisfy(part -> {
            assertThat(part.getState()).as(part.getService()).isEqualTo(ErasurePartState.ERASURE_PART_STATE_COMPLETED);
            assertThat(part.hasCompleteTime()).isTrue();
            assertThat(part.getReason()).isEmpty();
        });
    }

    private Document erasureRecord(String tenant, String customerId) {
        return database.getCollection("erasures").find(new Document("_id", tenant + "/" + customerId)).first();
    }

    @Test
    void deletingErasesInEveryServiceThenForgetsTheId() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Åsa Öberg").addEmails("asa@example.se"));

        as(tenant).deleteCustomer(DeleteCustomerRequest.newBuilder().setCustomerId(customer.getId()).build());

        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).singleElement().satisfies(call ->
                assertThat(call.customerId()).isEqualTo(customer.getId()));
        assertThat(FakeFollowUps.INSTANCE.callsFor(tenant)).singleElement().satisfies(call ->
                assertThat(call.customerId()).isEqualTo(customer.getId()));
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, customer.getId()));
        assertThat(erasureRecord(tenant, customer.getId()).get("nextAttemptTime")).as("every part completed").isNull();
    }

    @Test
    void aDeletionWhileAServiceIsDownCompletesItsPartInTheBackground() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Bo Ek"));
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.DOWN);

        as(tenant).deleteCustomer(DeleteCustomerRequest.newBuilder().setCustomerId(customer.getId()).build());

        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, customer.getId()));
        assertThat(erasureRecord(tenant, customer.getId()).getString("pseudonym")).as("kept for the pending part")
                .startsWith("erased-");
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.UP);
        // The part is retried once its backoff (exceed.customer.erasure.first-backoff) has passed.
        clock.advance(Duration.ofSeconds(1));
        await("the background retry").atMost(Duration.ofSeconds(30)).until(() -> erasureRecord(tenant,
                customer.getId()).get("pseudonym") == null);
        assertThat(FakeFollowUps.INSTANCE.callsFor(tenant)).last().satisfies(call ->
                assertThat(call.answer()).isEqualTo(FakePeerBehaviour.UP));
    }

    @Test
    void everyServiceErasesWithOnePseudonymAndEachPartIsReported() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Åsa Öberg").addEmails("asa@example.se"));

        EraseCustomerResponse response = erase(tenant, customer.getId());

        assertCompleted(response);
        assertThat(response.getCustomer().getState()).isEqualTo(CustomerState.CUSTOMER_STATE_ERASED);
        List<FakeFeedback.Call> feedback = FakeFeedback.INSTANCE.callsFor(tenant);
        List<FakeFeedback.Call> followUps = FakeFollowUps.INSTANCE.callsFor(tenant);
        assertThat(feedback).singleElement().satisfies(call -> {
            assertThat(call.customerId()).isEqualTo(customer.getId());
            assertThat(call.pseudonym()).startsWith("erased-").doesNotContain(customer.getId());
        });
        assertThat(followUps).singleElement().satisfies(call -> {
            assertThat(call.customerId()).isEqualTo(customer.getId());
            assertThat(call.pseudonym()).isEqualTo(feedback.getFirst().pseudonym());
        });
        assertThat(erasureRecord(tenant, customer.getId()).get("pseudonym"))
                .as("nothing links the pseudonym to the customer once every part is done").isNull();
    }

    @Test
    void erasingAgainReportsTheStateAndAsksNobodyAgain() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Twice");
        erase(tenant, customer.getId());

        EraseCustomerResponse again = erase(tenant, customer.getId());

        assertCompleted(again);
        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).hasSize(1);
        assertThat(FakeFollowUps.INSTANCE.callsFor(tenant)).hasSize(1);
    }

    @Test
    void aPartWhoseServiceIsDownIsPendingAndCompletedInTheBackgroundOnceItIsBack() {
        String tenant = newTenant();
        Customer customer = create(tenant, person("Down Dora").addEmails("dora@example.se"));
        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.DOWN);

        EraseCustomerResponse response = erase(tenant, customer.getId());

        assertThat(response.getCustomer().getState()).as("erased locally all the same")
                .isEqualTo(CustomerState.CUSTOMER_STATE_ERASED);
        assertThat(get(tenant, customer.getId()).getEmailsList()).isEmpty();
        ErasurePart feedback = parts(response).get("feedback-service");
        assertThat(feedback.getState()).isEqualTo(ErasurePartState.ERASURE_PART_STATE_PENDING);
        assertThat(feedback.getReason()).startsWith("feedback-service: UNAVAILABLE");
        assertThat(feedback.hasNextAttemptTime()).isTrue();
        assertThat(parts(response).get("followup-service").getState())
                .isEqualTo(ErasurePartState.ERASURE_PART_STATE_COMPLETED);
        assertThat(parts(response).get("customer-service").getState())
                .isEqualTo(ErasurePartState.ERASURE_PART_STATE_COMPLETED);
        assertThat(erasureRecord(tenant, customer.getId()).getString("pseudonym")).as("kept for the retry")
                .startsWith("erased-");

        FakeFeedback.INSTANCE.behave(FakePeerBehaviour.UP);
        // The part is retried once its backoff (exceed.customer.erasure.first-backoff) has passed.
        clock.advance(Duration.ofSeconds(1));

        await("the background retry").atMost(Duration.ofSeconds(30)).until(() -> FakeFeedback.INSTANCE
                .callsFor(tenant).stream().anyMatch(call -> call.answer() == FakePeerBehaviour.UP));
        await("the retry recorded").atMost(Duration.ofSeconds(10))
                .until(() -> erasureRecord(tenant, customer.getId()).get("pseudonym") == null);
        List<FakeFeedback.Call> calls = FakeFeedback.INSTANCE.callsFor(tenant);
        assertThat(calls).extracting(FakeFeedback.Call::pseudonym).as("the same pseudonym on every attempt")
                .containsOnly(FakeFollowUps.INSTANCE.callsFor(tenant).getFirst().pseudonym());
        int feedbackCalls = calls.size();

        assertCompleted(erase(tenant, customer.getId()));
        assertThat(FakeFeedback.INSTANCE.callsFor(tenant)).hasSize(feedbackCalls);
        assertThat(FakeFollowUps.INSTANCE.callsFor(tenant)).as("its part was done the first time").hasSize(1);
    }

    @Test
    void erasingAgainWhileAPartIsPendingTriesItAtOnce() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Impatient");
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.DOWN);
        EraseCustomerResponse first = erase(tenant, customer.getId());
        assertThat(parts(first).get("followup-service").getState())
                .isEqualTo(ErasurePartState.ERASURE_PART_STATE_PENDING);
        FakeFollowUps.INSTANCE.behave(FakePeerBehaviour.UP);

        assertCompleted(erase(tenant, customer.getId()));
    }
}
