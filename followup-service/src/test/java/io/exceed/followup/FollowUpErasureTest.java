package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.at;
import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.followup.FollowUpFixtures.outcome;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.ContactWindow;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsResponse;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.GetPromiseLedgerRequest;
import io.exceed.followup.v1.GetPromiseLedgerResponse;
import io.exceed.followup.v1.LedgerGrouping;
import io.exceed.followup.v1.ListWebhookDeliveriesRequest;
import io.exceed.followup.v1.PromiseLedgerServiceGrpc;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.exceed.followup.v1.WebhookDelivery;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookServiceGrpc;
import io.exceed.testing.StoredMentions;

/**
 * customer-service's call when it erases a customer, against the real store: the customer's open follow-ups are
 * cancelled, and no follow-up, feed event or webhook body keeps the customer's id, time zone or the owner's notes;
 * the promise ledger is the same.
 */
class FollowUpErasureTest extends FollowUpServiceTestBase {

    private static final String CUSTOMER = "cust-erase-77";
    private static final String PSEUDONYM = "erased-0b7e7c64-9d0c-4c55-8a4e-5f1d2b3c4a59";
    private static final String ZONE = "America/Argentina/Ushuaia";
    private static final String NOTES = "Spoke with Åsa at home; her daughter answered first";
    private static final String GESTURE = "Voucher 4711 mailed to Storgatan 5";

    @Autowired
    private MilestoneScheduler scheduler;

    @Autowired
    private MongoDatabase database;

    private EraseCustomerFollowUpsResponse erase(String tenant, String customerId, String pseudonym) {
        return as(tenant, FollowUpErasureServiceGrpc.newBlockingStub(channel)).eraseCustomerFollowUps(
                EraseCustomerFollowUpsRequest.newBuilder().setCustomerId(customerId).setPseudonym(pseudonym).build());
    }

    private FollowUp create(String tenant, String customerId, String source) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel)).createFollowUp(CreateFollowUpRequest
                .newBuilder().setActor("crm").setFollowUp(followUp(clock.instant(), source).setCustomerId(customerId)
                        .setContactWindow(ContactWindow.newBuilder().setTimeZone(ZONE)))
                .build());
    }

    private FollowUp get(String tenant, String id) {
        return as(tenant, FollowUpServiceGrpc.newBlockingStub(channel))
                .getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(id).build());
    }

    /** A follow-up that was due (a DUE event and a webhook delivery) and then done with notes and a gesture. */
    private FollowUp doneWithNotes(String tenant, String customerId, String source) {
        FollowUp created = create(tenant, customerId, source);
        clock.set(Instant.ofEpochSecond(created.getDueTime().getSeconds(), created.getDueTime().getNanos()));
        scheduler.runOnce();
        var followUps = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
        followUps.startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setActor("anna@example.com").build());
        return followUps.completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setActor("anna@example.com")
                .setOutcome(outcome().setNotes(NOTES).setGoodwillGesture(GESTURE)).build());
    }

    private void webhookEndpoint(String tenant) {
        as(tenant, WebhookServiceGrpc.newBlockingStub(channel)).createWebhookEndpoint(CreateWebhookEndpointRequest
                .newBuilder().setEndpoint(WebhookEndpoint.newBuilder().setUrl("http://127.0.0.1:9/hooks")
                        .setDescription("CRM").addEventTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DUE))
                .build());
    }

    private List<WebhookDelivery> deliveries(String tenant) {
        return as(tenant, WebhookServiceGrpc.newBlockingStub(channel))
                .listWebhookDeliveries(ListWebhookDeliveriesRequest.getDefaultInstance()).getDeliveriesList();
    }

    private GetPromiseLedgerResponse ledger(String tenant) {
        Instant now = clock.instant();
        return as(tenant, PromiseLedgerServiceGrpc.newBlockingStub(channel)).getPromiseLedger(GetPromiseLedgerRequest
                .newBuilder().setStartTime(at(now.minus(Duration.ofDays(30))))
                .setEndTime(at(now.plus(Duration.ofDays(30))))
                .setGroupBy(LedgerGrouping.LEDGER_GROUPING_OWNER_AND_REASON).build());
    }

    private List<String> documentsMentioning(String tenant, String... needles) {
        return StoredMentions.of(database, tenant, needles);
    }

    @Test
    void doneFollowUpsAreScrubbedEverywhereAndTheLedgerStays() {
        String tenant = newTenant();
        webhookEndpoint(tenant);
        FollowUp done = doneWithNotes(tenant, CUSTOMER, "response/r-1");
        FollowUp othersFollowUp = create(tenant, "cust-kept", "response/r-2");
        GetPromiseLedgerResponse ledgerBefore = ledger(tenant);
        assertThat(deliveries(tenant)).hasSize(1);
        assertThat(documentsMentioning(tenant, CUSTOMER, ZONE, NOTES, GESTURE)).isNotEmpty();

        EraseCustomerFollowUpsResponse erased = erase(tenant, CUSTOMER, PSEUDONYM);

        assertThat(erased.getCancelled()).isZero();
        assertThat(erased.getScrubbed()).isEqualTo(1);
        assertThat(documentsMentioning(tenant, CUSTOMER, NOTES, GESTURE)).isEmpty();
        assertThat(documentsMentioning(tenant, ZONE)).as("only the other customer's follow-up")
                .singleElement().asString().contains(othersFollowUp.getId());
        FollowUp scrubbed = get(tenant, done.getId());
        assertThat(scrubbed.getCustomerId()).isEqualTo(PSEUDONYM);
        assertThat(scrubbed.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DONE);
        assertThat(scrubbed.getOutcome().getTrustRestored()).isTrue();
        assertThat(scrubbed.getOutcome().getNotes()).isEqualTo("[erased]");
        assertThat(scrubbed.hasContactWindow()).isFalse();
        assertThat(scrubbed.getPromisedTime()).isEqualTo(done.getPromisedTime());
        assertThat(scrubbed.getFirstContactTime()).isEqualTo(done.getFirstContactTime());
        assertThat(database.getCollection("webhook_deliveries").find(new Document("tenant", tenant)))
                .singleElement().satisfies(delivery -> assertThat(delivery.getString("body"))
                        .contains(PSEUDONYM).doesNotContain(CUSTOMER).doesNotContain(ZONE).doesNotContain("cust-kept"));
        assertThat(ledger(tenant)).isEqualTo(ledgerBefore);
        assertThat(get(tenant, othersFollowUp.getId())).isEqualTo(othersFollowUp);
    }

    @Test
    void openFollowUpsAreCancelledForTheErasure() {
        String tenant = newTenant();
        FollowUp open = create(tenant, CUSTOMER, "complaint/c-1");

        EraseCustomerFollowUpsResponse erased = erase(tenant, CUSTOMER, PSEUDONYM);

        assertThat(erased.getCancelled()).isEqualTo(1);
        assertThat(erased.getScrubbed()).isEqualTo(1);
        FollowUp cancelled = get(tenant, open.getId());
        assertThat(cancelled.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_CANCELLED);
        assertThat(cancelled.getHistoryList().getLast().getActor()).isEqualTo("erasure");
        assertThat(cancelled.getHistoryList().getLast().getDescription()).isEqualTo("cancelled: customer erased");
        assertThat(cancelled.getHistoryList().getFirst().getDescription()).isEqualTo("[erased]");
        assertThat(documentsMentioning(tenant, CUSTOMER, ZONE)).isEmpty();
    }

    @Test
    void repeatingTheCallChangesNothingMore() {
        String tenant = newTenant();
        FollowUp open = create(tenant, CUSTOMER, "complaint/c-2");
        erase(tenant, CUSTOMER, PSEUDONYM);
        FollowUp afterFirst = get(tenant, open.getId());

        EraseCustomerFollowUpsResponse again = erase(tenant, CUSTOMER, PSEUDONYM);

        assertThat(again).isEqualTo(EraseCustomerFollowUpsResponse.getDefaultInstance());
        assertThat(get(tenant, open.getId())).isEqualTo(afterFirst);
    }

    @Test
    void anotherTenantsCustomerWithTheSameIdIsUntouched() {
        String tenant = newTenant();
        String other = newTenant();
        create(tenant, CUSTOMER, "complaint/c-3");
        FollowUp othersFollowUp = create(other, CUSTOMER, "complaint/c-3");

        erase(tenant, CUSTOMER, PSEUDONYM);

        assertThat(get(other, othersFollowUp.getId())).isEqualTo(othersFollowUp);
    }

    @Test
    void aMalformedRequestNamesTheFieldAndChangesNothing() {
        String tenant = newTenant();
        FollowUp open = create(tenant, CUSTOMER, "complaint/c-4");

        assertInvalid(() -> erase(tenant, "", PSEUDONYM), "customer_id");
        assertInvalid(() -> erase(tenant, CUSTOMER, ""), "pseudonym");
        assertInvalid(() -> erase(tenant, CUSTOMER, "not-a-pseudonym"), "pseudonym");

        assertThat(get(tenant, open.getId())).isEqualTo(open);
    }
}
