package io.exceed.followup;

import static io.exceed.followup.FollowUpFixtures.followUp;
import static io.exceed.followup.FollowUpFixtures.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.v1.CancelFollowUpRequest;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.CreateWebhookEndpointRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpEvent;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.ListFollowUpEventsRequest;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.exceed.followup.v1.WebhookEndpoint;
import io.exceed.followup.v1.WebhookServiceGrpc;

/** A completed follow-up is announced once, as a DONE event on the feed and to the webhooks that want it. */
class CompletionEventTest extends FollowUpServiceTestBase {

    @Autowired
    private MilestoneScheduler scheduler;

    @Autowired
    private MongoDatabase database;

    private List<FollowUpEvent> events(String tenant) {
        return as(tenant, FollowUpEventServiceGrpc.newBlockingStub(channel))
                .listFollowUpEvents(ListFollowUpEventsRequest.getDefaultInstance()).getEventsList();
    }

    @Test
    void aDoneFollowUpIsAnnouncedOnceWithItsOutcome() {
        String tenant = newTenant();
        as(tenant, WebhookServiceGrpc.newBlockingStub(channel)).createWebhookEndpoint(CreateWebhookEndpointRequest
                .newBuilder().setEndpoint(WebhookEndpoint.newBuilder().setUrl("http://127.0.0.1:9/hooks")
                        .setDescription("CRM").addEventTypes(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DONE))
                .build());
        var followUps = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
        FollowUp created = followUps.createFollowUp(CreateFollowUpRequest.newBuilder().setActor("crm")
                .setFollowUp(followUp(clock.instant(), "complaint/c-done")).build());
        followUps.startFollowUp(StartFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setActor("anna@example.com").build());
        FollowUp done = followUps.completeFollowUp(CompleteFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .setActor("anna@example.com").setOutcome(outcome()).build());
        assertThat(events(tenant)).as("nothing before the scheduler runs").isEmpty();

        scheduler.runOnce();
        scheduler.runOnce();

        assertThat(events(tenant)).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo(created.getId() + ".done");
            assertThat(event.getType()).isEqualTo(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_DONE);
            assertThat(event.getFollowUp().getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DONE);
            assertThat(event.getFollowUp().getOutcome()).isEqualTo(done.getOutcome());
            assertThat(event.getOccurTime()).isEqualTo(done.getCloseTime());
        });
        assertThat(database.getCollection("webhook_deliveries").find(new Document("tenant", tenant)))
                .singleElement().satisfies(delivery -> assertThat(delivery.getString("eventId"))
                        .isEqualTo(created.getId() + ".done"));
        FollowUp announced = followUps.getFollowUp(GetFollowUpRequest.newBuilder().setFollowUpId(created.getId())
                .build());
        assertThat(announced.getStatus()).isEqualTo(FollowUpStatus.FOLLOW_UP_STATUS_DONE);
        assertThat(announced.getHistoryList().getLast().getDescription()).isEqualTo("completion announced");
    }

    @Test
    void aCancelledFollowUpIsNotAnnounced() {
        String tenant = newTenant();
        var followUps = as(tenant, FollowUpServiceGrpc.newBlockingStub(channel));
        FollowUp created = followUps.createFollowUp(CreateFollowUpRequest.newBuilder().setActor("crm")
                .setFollowUp(followUp(clock.instant(), "complaint/c-cancel")).build());
        followUps.cancelFollowUp(CancelFollowUpRequest.newBuilder()
                .setFollowUpId(created.getId()).setReason("duplicate").setActor("anna@example.com").build());

        scheduler.runOnce();

        assertThat(events(tenant)).isEmpty();
    }
}
