package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.SurveyFixtures.freeText;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ContactChannel;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.GetComplaintParetoRequest;
import io.exceed.feedback.v1.GetComplaintParetoResponse;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.Granularity;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PseudonymizeCustomerResponse;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.testing.StoredMentions;

/**
 * customer-service's call when it erases a customer, against the real store: afterwards no document holds the
 * customer's id or words, and every figure is what it was.
 */
class FeedbackErasureTest extends FeedbackServiceTestBase {

    private static final String CUSTOMER = "c-erase-0195";
    private static final String PSEUDONYM = "erased-7d1f0c1e-4a55-4c33-9f6e-2b8d6a1c9e01";
    private static final String WORDS = "Åsa says the courier Björn was rude to her at Storgatan 5";
    private static final String COMPLAINT_TEXT = "Mina stövlar var trasiga, ring mig på 070-123 45 67";
    private static final String ORDER = "ORD-ASA-0042";
    private static final String REMEDY = "Refunded Åsa's card ending 4242";

    @Autowired
    private MongoDatabase database;

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private FeedDelivery<FeedbackEvent> recoveryDelivery;

    private PseudonymizeCustomerResponse pseudonymize(String tenant, String customerId, String pseudonym) {
        return as(tenant, FeedbackErasureServiceGrpc.newBlockingStub(channel)).pseudonymizeCustomer(
                PseudonymizeCustomerRequest.newBuilder().setCustomerId(customerId).setPseudonym(pseudonym).build());
    }

    /** A customer with responses (one a detractor, with free text), an invitation and a resolved complaint. */
    private void feedbackFrom(String tenant, String customerId) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        surveys.createInvitation(CreateInvitationRequest.newBuilder().setActor("crm-sync").setInvitation(
                Invitation.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)).build());
        surveys.createResponse(CreateResponseRequest.newBuilder().setResponse(Response.newBuilder()
                .setSurveyId(surveyId).setCustomerId(customerId).putSegment("region", "nordics")
                .addAnswers(score("nps", 3)).addAnswers(score("csat", 2)).addAnswers(freeText("comment", WORDS)))
                .build());
        surveys.createResponse(CreateResponseRequest.newBuilder().setResponse(Response.newBuilder()
                .setSurveyId(surveyId).setCustomerId(customerId).putSegment("region", "nordics")
                .addAnswers(score("nps", 9)).addAnswers(score("csat", 5))).build());
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        String complaintId = complaints.createComplaint(CreateComplaintRequest.newBuilder().setComplaint(
                complaint(customerId).setText(COMPLAINT_TEXT).setOrderReference(ORDER)).build()).getId();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setResolution(withRootCause().setRemedy(withRootCause().getRemedy().toBuilder()
                        .setDescription(REMEDY))).build());
    }

    private GetScoresResponse scores(String tenant) {
        return as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel))
                .getScores(GetScoresRequest.newBuilder().setGranularity(Granularity.GRANULARITY_DAY)
                        .setFilter(ResponseFilter.newBuilder().setStartTime(at(-30)).setEndTime(at(30))).build());
    }

    private GetComplaintParetoResponse pareto(String tenant) {
        return as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel))
                .getComplaintPareto(GetComplaintParetoRequest.newBuilder().setStartTime(at(-30)).setEndTime(at(30))
                        .build());
    }

    private Timestamp at(int daysFromNow) {
        return ProtoTimes.timestamp(clock.instant().plus(Duration.ofDays(daysFromNow)));
    }

    private List<String> documentsMentioning(String tenant, String... needles) {
        return StoredMentions.of(database, tenant, needles);
    }

    @Test
    void noPersonalDataRemainsAndEveryFigureStays() {
        String tenant = newTenant();
        feedbackFrom(tenant, CUSTOMER);
        feed.relayOnce();
        // The resolved complaint's recovery survey is scheduled, three days ahead.
        recoveryDelivery.runOnce();
        GetScoresResponse scoresBefore = scores(tenant);
        GetComplaintParetoResponse paretoBefore = pareto(tenant);
        assertThat(documentsMentioning(tenant, CUSTOMER, WORDS, COMPLAINT_TEXT, ORDER, REMEDY)).isNotEmpty();

        PseudonymizeCustomerResponse done = pseudonymize(tenant, CUSTOMER, PSEUDONYM);

        assertThat(done.getResponses()).isEqualTo(2);
        assertThat(done.getInvitations()).isEqualTo(1);
        assertThat(done.getComplaints()).isEqualTo(1);
        assertThat(done.getEvents()).as("response, detractor, complaint opened and resolved").isEqualTo(5);
        assertThat(done.getRecoverySurveys()).isEqualTo(1);
        assertThat(documentsMentioning(tenant, CUSTOMER, WORDS, COMPLAINT_TEXT, ORDER, REMEDY)).isEmpty();
        assertThat(documentsMentioning(tenant, PSEUDONYM)).hasSize(2 + 1 + 1 + 5 + 1);
        assertThat(scores(tenant)).isEqualTo(scoresBefore);
        assertThat(pareto(tenant)).isEqualTo(paretoBefore);
    }

    @Test
    void eventsStillWaitingInAnOutboxArePseudonymisedToo() {
        String tenant = newTenant();
        feedbackFrom(tenant, CUSTOMER + "-pending");

        pseudonymize(tenant, CUSTOMER + "-pending", PSEUDONYM);
        feed.relayOnce();

        assertThat(documentsMentioning(tenant, CUSTOMER + "-pending")).isEmpty();
    }

    @Test
    void repeatingTheCallChangesNothingMore() {
        String tenant = newTenant();
        feedbackFrom(tenant, CUSTOMER);
        feed.relayOnce();
        pseudonymize(tenant, CUSTOMER, PSEUDONYM);
        GetScoresResponse scoresAfterFirst = scores(tenant);

        PseudonymizeCustomerResponse again = pseudonymize(tenant, CUSTOMER, PSEUDONYM);

        assertThat(again).isEqualTo(PseudonymizeCustomerResponse.getDefaultInstance());
        assertThat(scores(tenant)).isEqualTo(scoresAfterFirst);
    }

    @Test
    void anotherTenantsCustomerWithTheSameIdIsUntouched() {
        String tenant = newTenant();
        String other = newTenant();
        feedbackFrom(tenant, CUSTOMER);
        feedbackFrom(other, CUSTOMER);

        pseudonymize(tenant, CUSTOMER, PSEUDONYM);

        assertThat(documentsMentioning(tenant, CUSTOMER)).isEmpty();
        assertThat(documentsMentioning(other, CUSTOMER)).hasSize(2 + 1 + 1);
    }

    @Test
    void aMalformedRequestNamesTheFieldAndChangesNothing() {
        String tenant = newTenant();
        feedbackFrom(tenant, CUSTOMER + "-kept");

        assertInvalid(() -> pseudonymize(tenant, "", PSEUDONYM), "customer_id");
        assertInvalid(() -> pseudonymize(tenant, CUSTOMER + "-kept", "someone-else"), "pseudonym");
        assertInvalid(() -> pseudonymize(tenant, PSEUDONYM, "erased-again"), "customer_id");

        assertThat(documentsMentioning(tenant, CUSTOMER + "-kept")).hasSize(2 + 1 + 1);
    }
}
