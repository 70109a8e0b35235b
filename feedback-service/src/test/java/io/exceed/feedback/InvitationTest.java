package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.freeText;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.ExpectedLevel;
import io.exceed.feedback.v1.GetInvitationRequest;
import io.exceed.feedback.v1.GetResponseRequest;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.InvitationState;
import io.exceed.feedback.v1.ListInvitationsRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.RespondentServiceGrpc.RespondentServiceBlockingStub;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.ResponseSource;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyForm;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.testing.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class InvitationTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoDatabase database;

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    /** The public stub: no tenant metadata at all, as a respondent's browser calls through the gateway. */
    private RespondentServiceBlockingStub respondent() {
        return RespondentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    private String publishedSurvey(String tenant, SurveyPurpose purpose) {
        Survey created = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder()
                .setSurvey(survey().setPurpose(purpose)).build());
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(created.getId()).build());
        return created.getId();
    }

    private static Invitation.Builder invitation(String surveyId) {
        return Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("c-1")
                .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)
                .putSegment("region", "nordics")
                .addExpectations(ExpectedLevel.newBuilder().setDimension(ServiceDimension.SERVICE_DIMENSION_RELIABILITY)
                        .setLevel(70));
    }

    private CreateInvitationResponse invite(String tenant, Invitation.Builder invitation) {
        return surveys(tenant).createInvitation(CreateInvitationRequest.newBuilder().setInvitation(invitation)
                .setActor("crm-sync").build());
    }

    private static SubmitResponseRequest answers(String token) {
        return SubmitResponseRequest.newBuilder().setToken(token)
                .addAnswers(score("nps", 10)).addAnswers(score("reliability", 85))
                .addAnswers(freeText("comment", "Allt gick bra")).build();
    }

    @Test
    void aTokenOpensTheFormAndIsUsedOnce() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        CreateInvitationResponse issued = invite(tenant, invitation(surveyId).setLanguage("sv"));
        assertThat(issued.getToken()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(issued.getSurveyUrl()).as("the gateway's survey page, locally by default")
                .isEqualTo("http://localhost:8080/s/" + issued.getToken());
        Invitation invitation = issued.getInvitation();
        assertThat(invitation.getState()).isEqualTo(InvitationState.INVITATION_STATE_PENDING);
        assertThat(invitation.getSurveyVersion()).isEqualTo(1);
        assertThat(invitation.getExpireTime().getSeconds())
                .isEqualTo(MutableClock.DEFAULT_NOW.plus(Duration.ofDays(14)).getEpochSecond());

        SurveyForm form = respondent().getSurveyForm(GetSurveyFormRequest.newBuilder().setToken(issued.getToken())
                .build());
        assertThat(form.getLanguage()).isEqualTo("sv");
        assertThat(form.getQuestions(0).getText()).isEqualTo("Hur troligt är det att du rekommenderar oss till en vän?");
        assertThat(form.getQuestions(1).getText()).as("no Swedish text: the default language")
                .isEqualTo("How satisfied are you?");

        String responseId = respondent().submitResponse(answers(issued.getToken())).getResponseId();
        Response recorded = surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(responseId)
                .build());
        assertThat(recorded.getSource()).isEqualTo(ResponseSource.RESPONSE_SOURCE_INVITATION);
        assertThat(recorded.getInvitationId()).isEqualTo(invitation.getId());
        assertThat(recorded.getLanguage()).isEqualTo("sv");
        assertThat(recorded.getSegmentMap()).containsEntry("region", "nordics");
        assertThat(recorded.getGaps(0).getGap()).as("85 perceived - 70 expected").isEqualTo(15);

        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_USED", () -> respondent().submitResponse(
                answers(issued.getToken())));
        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_USED", () -> respondent().getSurveyForm(
                GetSurveyFormRequest.newBuilder().setToken(issued.getToken()).build()));
        Invitation answered = surveys(tenant).getInvitation(GetInvitationRequest.newBuilder()
                .setInvitationId(invitation.getId()).build());
        assertThat(answered.getState()).isEqualTo(InvitationState.INVITATION_STATE_RESPONDED);
        assertThat(answered.getResponseId()).isEqualTo(responseId);
    }

    @Test
    void theFormSpeaksTheBestLanguageTheSurveyHas() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        String token = invite(tenant, invitation(surveyId)).getToken();
        SurveyForm chinese = respondent().getSurveyForm(GetSurveyFormRequest.newBuilder().setToken(token)
                .setLanguage("zh-Hans-CN").build());
        assertThat(chinese.getLanguage()).isEqualTo("zh-Hans");
        assertThat(chinese.getQuestions(0).getText()).isEqualTo("您向朋友推荐我们的可能性有多大？");
        assertThat(chinese.getQuestions(5).getText()).isEqualTo("还有什么要告诉我们的吗？");
        assertThat(respondent().getSurveyForm(GetSurveyFormRequest.newBuilder().setToken(token).setLanguage("sv-FI")
                .build()).getLanguage()).isEqualTo("sv");
        assertThat(respondent().getSurveyForm(GetSurveyFormRequest.newBuilder().setToken(token).setLanguage("fr")
                .build()).getLanguage()).as("the invitation's language, here the default").isEqualTo("en");

        String chineseAnswer = "送货很快，但是包装破了。";
        String responseId = respondent().submitResponse(SubmitResponseRequest.newBuilder().setToken(token)
                .setLanguage("zh-Hans").addAnswers(score("nps", 8)).addAnswers(freeText("comment", chineseAnswer))
                .build()).getResponseId();
        Response recorded = surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(responseId)
                .build());
        assertThat(recorded.getLanguage()).isEqualTo("zh-Hans");
        assertThat(recorded.getAnswers(1).getText()).isEqualTo(chineseAnswer);
    }

    @Test
    void twoSimultaneousSubmissionsStoreOneResponse() throws Exception {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        String token = invite(tenant, invitation(surveyId)).getToken();
        int callers = 2;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return respondent().submitResponse(answers(token)).getResponseId();
                    } catch (StatusRuntimeException e) {
                        return e.getStatus().getCode() + " " + io.exceed.testing.GrpcErrors.reason(e);
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).filteredOn(result -> result.startsWith("FAILED_PRECONDITION"))
                    .containsExactly("FAILED_PRECONDITION TOKEN_USED");
        } finally {
            pool.shutdownNow();
        }
        assertThat(database.getCollection("responses").countDocuments(Filters.eq("tenant", tenant))).isEqualTo(1);
    }

    @Test
    void unknownAndExpiredTokensAreRefused() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        String token = invite(tenant, invitation(surveyId).setExpireTime(Timestamp.newBuilder()
                .setSeconds(MutableClock.DEFAULT_NOW.plus(Duration.ofHours(1)).getEpochSecond()))).getToken();

        StatusRuntimeException unknown = assertStatus(Status.Code.NOT_FOUND, () -> respondent().getSurveyForm(
                GetSurveyFormRequest.newBuilder().setToken(token.substring(1) + "A").build()));
        assertThat(unknown.getStatus().getDescription()).doesNotContain(token.substring(1));
        StatusRuntimeException empty = assertStatus(Status.Code.NOT_FOUND, () -> respondent().submitResponse(
                answers("")));
        assertThat(empty.getStatus().getDescription()).isEqualTo(unknown.getStatus().getDescription());

        clock.advance(Duration.ofHours(1));
        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_EXPIRED", () -> respondent().submitResponse(answers(token)));
        assertThat(database.getCollection("responses").countDocuments(Filters.eq("tenant", tenant))).isZero();
    }

    @Test
    void badAnswersThroughTheLinkNameTheFieldAndLeaveTheTokenUsable() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        String token = invite(tenant, invitation(surveyId)).getToken();
        assertInvalid(() -> respondent().submitResponse(SubmitResponseRequest.newBuilder().setToken(token)
                .addAnswers(score("nps", 12)).build()), "answers[0].score");
        assertInvalid(() -> respondent().submitResponse(SubmitResponseRequest.newBuilder().setToken(token)
                .addAnswers(score("csat", 3)).build()), "answers");
        assertThat(respondent().submitResponse(answers(token)).getResponseId()).isNotEmpty();
    }

    @Test
    void relationshipSurveysWaitWhileAComplaintIsOpen() {
        String tenant = newTenant();
        String relationship = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP);
        String transactional = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        database.getCollection("complaints").insertOne(new Document("_id", "complaint-1").append("tenant", tenant)
                .append("customerId", "c-1").append("state", "ACKNOWLEDGED"));

        assertStatus(Status.Code.FAILED_PRECONDITION, "OPEN_COMPLAINT", () -> invite(tenant, invitation(relationship)));
        assertThat(invite(tenant, invitation(transactional)).getToken()).as("not held").isNotEmpty();
        assertThat(invite(tenant, invitation(relationship).setCustomerId("c-2")).getToken()).isNotEmpty();

        database.getCollection("complaints").updateOne(Filters.eq("_id", "complaint-1"),
                new Document("$set", new Document("state", "RESOLVED")));
        assertThat(invite(tenant, invitation(relationship)).getToken()).isNotEmpty();
    }

    @Test
    void invitationsNeedAPublishedLiveSurveyAndValidFields() {
        String tenant = newTenant();
        Survey draft = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        assertStatus(Status.Code.FAILED_PRECONDITION, "SURVEY_NOT_PUBLISHED", () -> invite(tenant,
                invitation(draft.getId())));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        assertInvalid(() -> invite(tenant, invitation(surveyId).setCustomerId("")), "invitation.customer_id");
        assertInvalid(() -> invite(tenant, invitation(surveyId).setChannel(ContactChannel.CONTACT_CHANNEL_UNSPECIFIED)),
                "invitation.channel");
        assertInvalid(() -> invite(tenant, invitation(surveyId).setLanguage("fr")), "invitation.language");
        assertInvalid(() -> invite(tenant, invitation(surveyId).setExpireTime(Timestamp.newBuilder()
                .setSeconds(MutableClock.DEFAULT_NOW.plus(Duration.ofDays(91)).getEpochSecond()))),
                "invitation.expire_time");
        assertInvalid(() -> invite(tenant, invitation(surveyId).setExpireTime(Timestamp.newBuilder()
                .setSeconds(MutableClock.DEFAULT_NOW.getEpochSecond()))), "invitation.expire_time");
        assertInvalid(() -> invite(tenant, invitation(surveyId).addExpectations(ExpectedLevel.newBuilder()
                .setDimension(ServiceDimension.SERVICE_DIMENSION_SAFETY).setLevel(-1))), "invitation.expectations[1].level");
        assertInvalid(() -> surveys(tenant).createInvitation(CreateInvitationRequest.newBuilder()
                .setInvitation(invitation(surveyId)).build()), "actor");
        assertThat(surveys(tenant).listInvitations(ListInvitationsRequest.getDefaultInstance()).getInvitationsList())
                .isEmpty();
    }

    @Test
    void aRetryReturnsTheInvitationWithoutShowingTheTokenAgain() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        CreateInvitationRequest request = CreateInvitationRequest.newBuilder().setInvitation(invitation(surveyId))
                .setActor("crm-sync").setRequestId("inv-1").build();
        CreateInvitationResponse first = surveys(tenant).createInvitation(request);
        CreateInvitationResponse retry = surveys(tenant).createInvitation(request);
        assertThat(retry.getInvitation()).isEqualTo(first.getInvitation());
        assertThat(retry.getToken()).isEmpty();
        assertThat(retry.getSurveyUrl()).as("the link holds the token: shown once too").isEmpty();
        assertThat(first.getToken()).isNotEmpty();
        Document stored = database.getCollection("invitations").find(Filters.eq("_id", first.getInvitation().getId()))
                .first();
        assertThat(stored.getString("tokenHash")).hasSize(64).doesNotContain(first.getToken());
        assertThat(stored.toJson()).doesNotContain(first.getToken());
    }

    @Test
    void anotherTenantsInvitationsAreInvisible() {
        String owner = newTenant();
        String intruder = newTenant();
        String surveyId = publishedSurvey(owner, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        Invitation invitation = invite(owner, invitation(surveyId)).getInvitation();
        assertStatus(Status.Code.NOT_FOUND, () -> surveys(intruder).getInvitation(GetInvitationRequest.newBuilder()
                .setInvitationId(invitation.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> invite(intruder, invitation(surveyId)));
        assertThat(surveys(intruder).listInvitations(ListInvitationsRequest.getDefaultInstance()).getInvitationsList())
                .isEmpty();
    }
}
