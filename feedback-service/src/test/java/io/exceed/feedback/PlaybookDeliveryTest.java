package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.Severity;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.grpc.Status;

/** Feedback events reach followup-service's playbooks (a fake on a real port) at least once, in order. */
class PlaybookDeliveryTest extends FeedbackServiceTestBase {

    private final FakeFollowUps followUps = FakeFollowUps.INSTANCE;

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private FeedDelivery<FeedbackEvent> playbookDelivery;

    @AfterEach
    void followUpsBackUp() {
        followUps.answer(Status.OK);
    }

    private String complain(String tenant, String customerId) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(CreateComplaintRequest
                .newBuilder().setComplaint(complaint(customerId)).build()).getId();
    }

    private String respond(String tenant, String customerId, int nps) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveys.createResponse(CreateResponseRequest.newBuilder().setResponse(Response.newBuilder()
                .setSurveyId(surveyId).setCustomerId(customerId).addAnswers(score("nps", nps))).build()).getId();
    }

    private List<PlaybookEvent> delivered(String tenant) {
        return followUps.evaluationsFor(tenant).stream().map(e -> e.request().getEvent()).toList();
    }

    @Test
    void complaintsAndScoredResponsesReachThePlaybooksAsTheTenant() {
        String tenant = newTenant();
        String complaintId = complain(tenant, "c-1");
        as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).resolveComplaint(ResolveComplaintRequest.newBuilder()
                .setComplaintId(complaintId).setResolution(withRootCause()).build());
        String responseId = respond(tenant, "c-2", 3);
        feed.relayOnce();

        playbookDelivery.runOnce();

        List<PlaybookEvent> events = delivered(tenant);
        assertThat(events).extracting(PlaybookEvent::getKind).containsExactly(
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED,
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_RESOLVED,
                PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE);
        assertThat(events.get(0).getCustomerId()).isEqualTo("c-1");
        assertThat(events.get(0).getSeverity()).isEqualTo(Severity.SEVERITY_HIGH);
        assertThat(events.get(0).getSourceReference()).startsWith("complaint/" + complaintId + "/events/");
        assertThat(events.get(1).getSourceReference()).startsWith("complaint/" + complaintId + "/events/")
                .as("each complaint event is its own occasion").isNotEqualTo(events.get(0).getSourceReference());
        assertThat(events.get(2).getSourceReference()).isEqualTo("response/" + responseId);
        assertThat(events.get(2).getNpsScore()).isEqualTo(3);
        assertThat(events.get(2).getCustomerId()).isEqualTo("c-2");
        assertThat(events).allSatisfy(event -> assertThat(event.hasOccurTime()).isTrue());
        assertThat(followUps.evaluationsFor(tenant)).allSatisfy(e -> assertThat(e.request().getActor())
                .isEqualTo("feedback-service"));

        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).as("delivered events are not offered again").hasSize(3);
    }

    @Test
    void whileFollowUpsAreDownEventsWaitAndArriveOnceWhenItIsBack() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        followUps.answer(Status.UNAVAILABLE.withDescription("followup-service is restarting"));

        playbookDelivery.runOnce();
        complain(tenant, "c-2");
        feed.relayOnce();
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).isEmpty();

        followUps.answer(Status.OK);
        playbookDelivery.runOnce();
        assertThat(delivered(tenant)).as("the tenant's delivery waits out its backoff").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        playbookDelivery.runOnce();

        assertThat(delivered(tenant)).extracting(PlaybookEvent::getCustomerId).containsExactly("c-1", "c-2");
    }

    @Test
    void anEventThePlaybooksRefuseIsPassedAndTheNextOnesStillArrive() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        followUps.answer(Status.INVALID_ARGUMENT.withDescription("event.account_owner: is required"));
        playbookDelivery.runOnce();

        followUps.answer(Status.OK);
        complain(tenant, "c-2");
        feed.relayOnce();
        playbookDelivery.runOnce();

        assertThat(delivered(tenant)).extracting(PlaybookEvent::getCustomerId).containsExactly("c-2");
    }
}
