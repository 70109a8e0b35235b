package io.exceed.followup;

import static io.exceed.followup.PlaybookFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.QuietHours;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Playbook events that leave out the owner or contact window get them from customer-service (a fake on a port). */
class PlaybookCustomerProfileTest extends FollowUpServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @AfterEach
    void customersBackUp() {
        customers.down(false);
    }

    private List<FollowUp> evaluate(String tenant, PlaybookEvent.Builder event) {
        return as(tenant, PlaybookServiceGrpc.newBlockingStub(channel)).evaluatePlaybooks(
                EvaluatePlaybooksRequest.newBuilder().setEvent(event).build()).getFollowUpsList();
    }

    private static Customer stockholmCustomer() {
        return Customer.newBuilder().setId("cust-1").setAccountOwner("sven@example.com")
                .setTimeZone("Europe/Stockholm")
                .setContactPreferences(ContactPreferences.newBuilder().setQuietHours(QuietHours.newBuilder()
                        .setStart(com.google.type.TimeOfDay.newBuilder().setHours(20))
                        .setEnd(com.google.type.TimeOfDay.newBuilder().setHours(9))))
                .build();
    }

    @Test
    void theCustomersOwnerAndContactWindowComeFromCustomerService() {
        String tenant = newTenant();
        customers.put(tenant, stockholmCustomer());
        // 20:30 in Stockholm (UTC+1 in March): inside the customer's quiet hours until 09:00 local.
        Instant evening = Instant.parse("2026-03-02T19:30:00Z");
        clock.set(evening);

        FollowUp followUp = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE, evening,
                "response/r-1").setNpsScore(2).clearAccountOwner()).get(0);

        assertThat(followUp.getOwner()).isEqualTo("sven@example.com");
        assertThat(followUp.getDueTime().getSeconds()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z").getEpochSecond());
        assertThat(followUp.getContactWindow().getTimeZone()).isEqualTo("Europe/Stockholm");
    }

    @Test
    void valuesTheEventCarriesAreKeptAndCustomerServiceIsNotAsked() {
        String tenant = newTenant();
        customers.put(tenant, stockholmCustomer());
        int readsBefore = customers.reads();

        FollowUp followUp = evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE,
                clock.instant(), "response/r-1").setNpsScore(2)
                .setContactWindow(io.exceed.followup.v1.ContactWindow.newBuilder().setTimeZone("UTC"))).get(0);

        assertThat(followUp.getOwner()).isEqualTo("olga@example.com");
        assertThat(customers.reads()).isEqualTo(readsBefore);
    }

    @Test
    void withCustomerServiceDownTheEvaluationIsUnavailableAndSchedulesNothing() {
        String tenant = newTenant();
        customers.down(true);

        assertThatThrownBy(() -> evaluate(tenant, event(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE,
                clock.instant(), "response/r-1").setNpsScore(2).clearAccountOwner()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("customer-service")
                            .contains("event.account_owner");
                });
        assertThat(as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .listFollowUps(ListFollowUpsRequest.getDefaultInstance()).getFollowUpsList()).isEmpty();
    }
}
