package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.DimensionExpectation;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.ExpectationSource;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.DimensionGap;
import io.exceed.feedback.v1.ExpectedLevel;
import io.exceed.feedback.v1.GetResponseRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;

/**
 * A response without expectations takes the customer's latest snapshot from customer-service (a fake on a real
 * port); when there is none or customer-service is down, the answer is stored with the invitation's expectations
 * if any, else without.
 */
class ExpectationSnapshotTest extends FeedbackServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @AfterEach
    void customerServiceUp() {
        customers.down(false);
    }

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    private String publishedSurvey(String tenant) {
        Survey created = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(created.getId()).build());
        return created.getId();
    }

    /** The customer said: reliability 60, courtesy 90 (and safety, which the survey does not rate). */
    private void snapshot(String tenant, String customerId) {
        customers.snapshot(tenant, customerId, ExpectationSnapshot.newBuilder().setId("x-1").setCustomerId(customerId)
                .setSource(ExpectationSource.EXPECTATION_SOURCE_INTERVIEW)
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 60))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_COURTESY, 90))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_SAFETY, 75))
                .build());
    }

    private static DimensionExpectation level(ServiceDimension dimension, int level) {
        return DimensionExpectation.newBuilder().setDimension(dimension).setExpectedLevel(level).build();
    }

    private static ExpectedLevel expected(ServiceDimension dimension, int level) {
        return ExpectedLevel.newBuilder().setDimension(dimension).setLevel(level).build();
    }

    private static DimensionGap gap(ServiceDimension dimension, int perceived, int expected) {
        return DimensionGap.newBuilder().setDimension(dimension).setPerceived(perceived).setExpected(expected)
                .setGap(perceived - expected).build();
    }

    private Response.Builder answers(String surveyId, String customerId) {
        return Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                .addAnswers(score("nps", 8)).addAnswers(score("reliability", 80)).addAnswers(score("courtesy", 70));
    }

    private Response record(String tenant, Response.Builder response) {
        return surveys(tenant).createResponse(CreateResponseRequest.newBuilder().setResponse(response).build());
    }

    /** Invites the customer with reliability 70 expected, answers through the token, returns the stored response. */
    private Response answerInvitation(String tenant, String surveyId, String customerId) {
        String token = surveys(tenant).createInvitation(CreateInvitationRequest.newBuilder().setActor("crm")
                .setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                        .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 70)))
                .build()).getToken();
        String id = RespondentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .submitResponse(SubmitResponseRequest.newBuilder().setToken(token).addAnswers(score("nps", 8))
                        .addAnswers(score("reliability", 80)).addAnswers(score("courtesy", 70)).build())
                .getResponseId();
        return surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(id).build());
    }

    @Test
    void anIntegratorsResponseWithoutExpectationsIsScoredAgainstTheLatestSnapshot() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        snapshot(tenant, "c-1");

        Response recorded = record(tenant, answers(surveyId, "c-1"));

        assertThat(recorded.getExpectationsList()).containsExactly(
                expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 60),
                expected(ServiceDimension.SERVICE_DIMENSION_COURTESY, 90),
                expected(ServiceDimension.SERVICE_DIMENSION_SAFETY, 75));
        assertThat(recorded.getGapsList()).containsExactly(
                gap(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80, 60),
                gap(ServiceDimension.SERVICE_DIMENSION_COURTESY, 70, 90));
    }

    @Test
    void expectationsTheResponseCarriesWinAndCustomerServiceIsNotAsked() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        snapshot(tenant, "c-1");

        Response recorded = record(tenant, answers(surveyId, "c-1")
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 85)));

        assertThat(recorded.getGapsList()).containsExactly(gap(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80, 85));
        assertThat(customers.snapshotReadsBy(tenant)).isZero();
    }

    @Test
    void aRespondentsAnswerTakesTheLatestSnapshotOverTheInvitations() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        snapshot(tenant, "c-1");

        Response recorded = answerInvitation(tenant, surveyId, "c-1");

        assertThat(recorded.getGapsList()).containsExactly(
                gap(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80, 60),
                gap(ServiceDimension.SERVICE_DIMENSION_COURTESY, 70, 90));
    }

    @Test
    void withoutASnapshotTheInvitationsExpectationsOrNoneAreUsed() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);

        assertThat(answerInvitation(tenant, surveyId, "c-2").getGapsList())
                .containsExactly(gap(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80, 70));
        Response direct = record(tenant, answers(surveyId, "c-2"));
        assertThat(direct.getExpectationsList()).isEmpty();
        assertThat(direct.getGapsList()).isEmpty();
    }

    @Test
    void whileCustomerServiceIsDownEveryAnswerIsStillStored() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        snapshot(tenant, "c-1");
        // The invitation is issued while customer-service can still grant the contact.
        String token = surveys(tenant).createInvitation(CreateInvitationRequest.newBuilder().setActor("crm")
                .setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("c-1")
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                        .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 70)))
                .build()).getToken();
        customers.down(true);

        String id = RespondentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .submitResponse(SubmitResponseRequest.newBuilder().setToken(token).addAnswers(score("nps", 8))
                        .addAnswers(score("reliability", 80)).build())
                .getResponseId();
        Response direct = record(tenant, answers(surveyId, "c-1"));

        assertThat(surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(id).build())
                .getGapsList()).as("the invitation's expectations")
                .containsExactly(gap(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80, 70));
        assertThat(direct.getExpectationsList()).as("no invitation: none").isEmpty();
        assertThat(direct.getGapsList()).isEmpty();
    }

    @Test
    void anotherTenantsSnapshotOfTheSameCustomerIdIsNeverUsed() {
        String owner = newTenant();
        String other = newTenant();
        snapshot(owner, "c-1");

        Response recorded = record(other, answers(publishedSurvey(other), "c-1"));

        assertThat(recorded.getExpectationsList()).isEmpty();
        assertThat(customers.snapshotReadsBy(other)).isEqualTo(1);
    }
}
