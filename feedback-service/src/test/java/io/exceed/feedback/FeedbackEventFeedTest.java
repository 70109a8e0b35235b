package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc.FeedbackEventServiceBlockingStub;
import io.exceed.feedback.v1.FeedbackEventType;
import io.exceed.feedback.v1.ListFeedbackEventsRequest;
import io.exceed.feedback.v1.ListFeedbackEventsResponse;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.Severity;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.exceed.testing.MutableClock;
import io.exceed.testing.StreamCollector;
import io.grpc.Context;

class FeedbackEventFeedTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private MongoDatabase database;

    private FeedbackEventServiceBlockingStub events(String tenant) {
        return as(tenant, FeedbackEventServiceGrpc.newBlockingStub(channel));
    }

    private String complain(String tenant, String customerId) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(CreateComplaintRequest
                .newBuilder().setComplaint(complaint(customerId)).build()).getId();
    }

    private List<FeedbackEvent> list(String tenant, long after) {
        return events(tenant).listFeedbackEvents(ListFeedbackEventsRequest.newBuilder().setAfterSequence(after)
                .build()).getEventsList();
    }

    @Test
    void changesReachTheFeedInOrderWithTheirDetails() {
        String tenant = newTenant();
        String complaintId = complain(tenant, "c-1");
        as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).resolveComplaint(ResolveComplaintRequest.newBuilder()
                .setComplaintId(complaintId).setResolution(withRootCause()).build());
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        String responseId = surveys.createResponse(CreateResponseRequest.newBuilder().setResponse(Response.newBuilder()
                .setSurveyId(surveyId).setCustomerId("c-1").addAnswers(score("nps", 2))).build()).getId();
        feed.relayOnce();

        List<FeedbackEvent> all = list(tenant, 0);
        assertThat(all).extracting(FeedbackEvent::getSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all).extracting(FeedbackEvent::getType).containsExactly(
                FeedbackEventType.FEEDBACK_EVENT_TYPE_COMPLAINT_OPENED,
                FeedbackEventType.FEEDBACK_EVENT_TYPE_COMPLAINT_RESOLVED,
                FeedbackEventType.FEEDBACK_EVENT_TYPE_RESPONSE_RECEIVED,
                FeedbackEventType.FEEDBACK_EVENT_TYPE_DETRACTOR_RECEIVED);
        assertThat(all.get(0).getComplaintId()).isEqualTo(complaintId);
        assertThat(all.get(0).getCategory()).isEqualTo("Late delivery");
        assertThat(all.get(0).getSeverity()).isEqualTo(Severity.SEVERITY_HIGH);
        assertThat(all.get(3).getResponseId()).isEqualTo(responseId);
        assertThat(all.get(3).getNpsScore()).isEqualTo(2);
        assertThat(all.get(3).getCustomerId()).isEqualTo("c-1");

        assertThat(list(tenant, 2)).extracting(FeedbackEvent::getSequence).containsExactly(3L, 4L);
        ListFeedbackEventsResponse resolvedOnly = events(tenant).listFeedbackEvents(ListFeedbackEventsRequest
                .newBuilder().addTypes(FeedbackEventType.FEEDBACK_EVENT_TYPE_COMPLAINT_RESOLVED).build());
        assertThat(resolvedOnly.getEventsList()).extracting(FeedbackEvent::getSequence).containsExactly(2L);
        assertThat(resolvedOnly.getNextAfterSequence()).isEqualTo(4);
        assertThat(database.getCollection("complaints").find(Filters.eq("_id", complaintId)).first()
                .getList("outbox", Document.class)).as("relayed events leave the outbox").isEmpty();
        assertThat(list(newTenant(), 0)).as("another tenant sees none of it").isEmpty();
    }

    @Test
    void concurrentRelaysDeliverEveryEventExactlyOnce() throws Exception {
        String tenant = newTenant();
        List<String> complaints = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            complaints.add(complain(tenant, "c-" + i));
        }
        CyclicBarrier start = new CyclicBarrier(3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return feed.relayOnce();
                }));
            }
            for (Future<Integer> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<FeedbackEvent> read = new ArrayList<>();
        long after = 0;
        for (int page = 0; page < 10; page++) {
            ListFeedbackEventsResponse response = events(tenant).listFeedbackEvents(ListFeedbackEventsRequest
                    .newBuilder().setAfterSequence(after).setPageSize(20).build());
            read.addAll(response.getEventsList());
            after = response.getNextAfterSequence();
        }
        assertThat(read).extracting(FeedbackEvent::getComplaintId).containsExactlyInAnyOrderElementsOf(complaints);
        assertThat(read).extracting(FeedbackEvent::getSequence).isSorted();
    }

    @Test
    void aReaderClosesAGapSoALateInsertCannotLandBehindIt() {
        String tenant = newTenant();
        var events = database.getCollection("feedback_events");
        events.insertOne(feedEntry(tenant, 1));
        events.insertOne(feedEntry(tenant, 3));
        assertThat(list(tenant, 0)).as("whatever any clock says").extracting(FeedbackEvent::getSequence)
                .containsExactly(1L, 3L);
        assertThatThrownBy(() -> events.insertOne(feedEntry(tenant, 2))).as("2 is taken by the reader's void")
                .isInstanceOf(MongoWriteException.class);
        assertThat(list(tenant, 0)).extracting(FeedbackEvent::getSequence).containsExactly(1L, 3L);
    }

    @Test
    void aWatchSendsWhatExistsThenWhatHappensAndResumesAfterACursor() throws Exception {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        StreamCollector<FeedbackEvent> received = new StreamCollector<>();
        Context.CancellableContext watch = Context.current().withCancellation();
        watch.run(() -> as(tenant, FeedbackEventServiceGrpc.newStub(channel)).withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchFeedbackEvents(WatchFeedbackEventsRequest.getDefaultInstance(), received));
        try {
            assertThat(received.next().getSequence()).isEqualTo(1);
            complain(tenant, "c-2");
            feed.relayOnce();
            FeedbackEvent live = received.next();
            assertThat(live.getSequence()).isEqualTo(2);
            assertThat(live.getCustomerId()).isEqualTo("c-2");
        } finally {
            watch.cancel(null);
        }

        StreamCollector<FeedbackEvent> resumed = new StreamCollector<>();
        Context.CancellableContext second = Context.current().withCancellation();
        second.run(() -> as(tenant, FeedbackEventServiceGrpc.newStub(channel)).withDeadlineAfter(60, TimeUnit.SECONDS)
                .watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder().setAfterSequence(1).build(),
                        resumed));
        try {
            assertThat(resumed.next().getSequence()).isEqualTo(2);
            assertThat(resumed.nothingMoreWithin(Duration.ofSeconds(1))).isTrue();
        } finally {
            second.cancel(null);
        }
    }

    @Test
    void badRequestsNameTheField() {
        String tenant = newTenant();
        assertInvalid(() -> events(tenant).listFeedbackEvents(ListFeedbackEventsRequest.newBuilder()
                .addTypes(FeedbackEventType.FEEDBACK_EVENT_TYPE_UNSPECIFIED).build()), "types[0]");
        assertInvalid(() -> events(tenant).listFeedbackEvents(ListFeedbackEventsRequest.newBuilder()
                .setAfterSequence(-1).build()), "after_sequence");
        assertInvalid(() -> events(tenant).listFeedbackEvents(ListFeedbackEventsRequest.newBuilder()
                .setPageSize(501).build()), "page_size");
        assertInvalid(() -> events(tenant).watchFeedbackEvents(WatchFeedbackEventsRequest.newBuilder()
                .addTypesValue(99).build()).hasNext(), "types[0]");
    }

    private static Document feedEntry(String tenant, long sequence) {
        return new Document("_id", tenant + "-event-" + sequence).append("tenant", tenant).append("sequence", sequence)
                .append("type", "COMPLAINT_OPENED").append("customerId", "c-1").append("complaintId", "x")
                .append("category", "Late delivery").append("severity", "LOW")
                .append("occurTime", Date.from(MutableClock.DEFAULT_NOW));
    }
}
