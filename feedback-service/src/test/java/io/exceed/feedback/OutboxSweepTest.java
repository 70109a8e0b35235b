package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.eventing.Outbox;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.exceed.feedback.store.FeedbackEventDocuments;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.ListFeedbackEventsRequest;

/**
 * The relay's cheap run reads only the documents this replica's stores named; events nobody named (the replica
 * that recorded them crashed before relaying) are found by the sweep, at start and every sweep interval.
 */
class OutboxSweepTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private MongoDatabase database;

    @Autowired
    private FeedbackProperties properties;

    private String complain(String tenant, String customerId) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(CreateComplaintRequest
                .newBuilder().setComplaint(complaint(customerId)).build()).getId();
    }

    private List<String> customersInFeed(String tenant) {
        return as(tenant, FeedbackEventServiceGrpc.newBlockingStub(channel)).listFeedbackEvents(
                ListFeedbackEventsRequest.getDefaultInstance()).getEventsList().stream()
                .map(io.exceed.feedback.v1.FeedbackEvent::getCustomerId).toList();
    }

    /**
     * What a replica of the previous version that crashed after its write, before relaying, leaves: an event in a
     * document, no place reserved in the feed, and no name for the relay.
     */
    private void leaveUnhintedEvent(String complaintId, String customerId) {
        FeedbackEvent event = FeedbackEvent.builder().id(TimeOrderedIds.next())
                .type(FeedbackEventType.COMPLAINT_RESOLVED).customerId(customerId).complaintId(complaintId)
                .category("Late delivery").severity("HIGH").occurTime(clock.instant()).build();
        database.getCollection("complaints").updateOne(Filters.eq("_id", complaintId),
                Updates.push(Outbox.FIELD, FeedbackEventDocuments.toDocument(event)));
    }

    private List<Document> outbox(String complaintId) {
        return database.getCollection("complaints").find(Filters.eq("_id", complaintId)).first()
                .getList(Outbox.FIELD, Document.class);
    }

    @Test
    void anEventLeftWithoutAHintIsRelayedByTheSweep() {
        String tenant = newTenant();
        String complaintId = complain(tenant, "c-1");
        assertThat(feed.relayOnce()).as("the store named its document").isGreaterThanOrEqualTo(1);
        leaveUnhintedEvent(complaintId, "c-1");

        feed.relayOnce();
        assertThat(outbox(complaintId)).as("the cheap run does not look at documents nobody named").hasSize(1);
        assertThat(customersInFeed(tenant)).hasSize(1);

        assertThat(feed.relay().sweep()).isGreaterThanOrEqualTo(1);
        assertThat(outbox(complaintId)).isEmpty();
        assertThat(customersInFeed(tenant)).containsExactly("c-1", "c-1");

        feed.relay().sweep();
        assertThat(customersInFeed(tenant)).as("a second sweep appends nothing again").hasSize(2);
    }

    @Test
    void theScheduledRunSweepsOnceTheSweepIntervalHasPassed() {
        String tenant = newTenant();
        String complaintId = complain(tenant, "c-2");
        feed.relay().run();
        leaveUnhintedEvent(complaintId, "c-2");

        clock.advance(properties.events().relaySweepInterval().plus(Duration.ofSeconds(1)));
        feed.relay().run();

        assertThat(outbox(complaintId)).isEmpty();
        assertThat(customersInFeed(tenant)).containsExactly("c-2", "c-2");
    }
}
