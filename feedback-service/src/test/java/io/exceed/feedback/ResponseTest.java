package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.freeText;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.DimensionGap;
import io.exceed.feedback.v1.ExpectedLevel;
import io.exceed.feedback.v1.GetResponseRequest;
import io.exceed.feedback.v1.ListResponsesRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.ResponseSource;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.testing.MutableClock;
import io.grpc.Status;

class ResponseTest extends FeedbackServiceTestBase {

    @Autowired
    private MongoDatabase database;

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    private String publishedSurvey(String tenant) {
        Survey created = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(created.getId()).build());
        return created.getId();
    }

    private static ExpectedLevel expected(ServiceDimension dimension, int level) {
        return ExpectedLevel.newBuilder().setDimension(dimension).setLevel(level).build();
    }

    private static Response.Builder response(String surveyId) {
        return Response.newBuilder().setSurveyId(surveyId).setCustomerId("c-1")
                .addAnswers(score("nps", 9))
                .addAnswers(score("csat", 4))
                .addAnswers(score("ces", 2))
                .addAnswers(score("reliability", 80))
                .addAnswers(score("courtesy", 60))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 70))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_COURTESY, 75))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_SAFETY, 90))
                .putSegment("region", "nordics");
    }

    private Response record(String tenant, Response.Builder response) {
        return surveys(tenant).createResponse(CreateResponseRequest.newBuilder().setResponse(response).build());
    }

    private Document stored(String tenant, String id) {
        return database.getCollection("responses").find(Filters.and(Filters.eq("tenant", tenant),
                Filters.eq("_id", id))).first();
    }

    @Test
    void aResponseIsScoredAgainstTheExpectationsItCarries() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Response recorded = record(tenant, response(surveyId));

        assertThat(recorded.getSurveyVersion()).isEqualTo(1);
        assertThat(recorded.getSource()).isEqualTo(ResponseSource.RESPONSE_SOURCE_INTEGRATOR);
        assertThat(recorded.getLanguage()).isEqualTo("en");
        assertThat(recorded.getSubmitTime().getSeconds()).isEqualTo(MutableClock.DEFAULT_NOW.getEpochSecond());
        assertThat(recorded.getGapsList()).containsExactly(
                DimensionGap.newBuilder().setDimension(ServiceDimension.SERVICE_DIMENSION_RELIABILITY)
                        .setPerceived(80).setExpected(70).setGap(10).build(),
                DimensionGap.newBuilder().setDimension(ServiceDimension.SERVICE_DIMENSION_COURTESY)
                        .setPerceived(60).setExpected(75).setGap(-15).build());
        assertThat(surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(recorded.getId()).build()))
                .isEqualTo(recorded);

        Document document = stored(tenant, recorded.getId());
        assertThat(document.getInteger("nps")).isEqualTo(9);
        assertThat(document.getInteger("csat")).isEqualTo(4);
        assertThat(document.getInteger("ces")).isEqualTo(2);
        assertThat(document.get("segment", Document.class).getString("region")).isEqualTo("nordics");
        assertThat(document.getList("outbox", Document.class)).extracting(event -> event.getString("type"))
                .containsExactly("RESPONSE_RECEIVED");
    }

    @Test
    void aDetractorIsAnnouncedBesidesTheResponse() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Response detractor = record(tenant, response(surveyId).setAnswers(0, score("nps", 6)));
        List<Document> outbox = stored(tenant, detractor.getId()).getList("outbox", Document.class);
        assertThat(outbox).extracting(event -> event.getString("type"))
                .containsExactly("RESPONSE_RECEIVED", "DETRACTOR_RECEIVED");
        assertThat(outbox).allSatisfy(event -> {
            assertThat(event.getInteger("npsScore")).isEqualTo(6);
            assertThat(event.getString("responseId")).isEqualTo(detractor.getId());
            assertThat(event.getString("surveyId")).isEqualTo(surveyId);
            assertThat(event.getString("customerId")).isEqualTo("c-1");
        });
        Response withoutNps = record(tenant, Response.newBuilder().setSurveyId(surveyId).setCustomerId("c-2")
                .addAnswers(score("nps", 10)).addAnswers(freeText("comment", "Bra!")));
        assertThat(stored(tenant, withoutNps.getId()).getList("outbox", Document.class)).hasSize(1);
    }

    @Test
    void everyAnswerIsCheckedAgainstTheVersion() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        rejects(tenant, response(surveyId).setAnswers(0, score("nps", 11)), "response.answers[0].score");
        rejects(tenant, response(surveyId).setAnswers(0, score("nps", -1)), "response.answers[0].score");
        rejects(tenant, response(surveyId).setAnswers(1, score("csat", 0)), "response.answers[1].score");
        rejects(tenant, response(surveyId).setAnswers(2, score("ces", 8)), "response.answers[2].score");
        rejects(tenant, response(surveyId).setAnswers(3, score("reliability", 101)), "response.answers[3].score");
        rejects(tenant, response(surveyId).setAnswers(0, freeText("nps", "ten")), "response.answers[0].score");
        rejects(tenant, response(surveyId).addAnswers(score("comment", 3)), "response.answers[5].text");
        rejects(tenant, response(surveyId).addAnswers(freeText("comment", " ")), "response.answers[5].text");
        rejects(tenant, response(surveyId).addAnswers(freeText("comment", "長".repeat(5001))),
                "response.answers[5].text");
        rejects(tenant, response(surveyId).addAnswers(score("nps", 3)), "response.answers[5].question_id");
        rejects(tenant, response(surveyId).addAnswers(score("unknown", 3)), "response.answers[5].question_id");
        rejects(tenant, response(surveyId).removeAnswers(0), "response.answers");
        rejects(tenant, response(surveyId).clearAnswers(), "response.answers");
        rejects(tenant, response(surveyId).setLanguage("fr"), "response.language");
        rejects(tenant, response(surveyId).setCustomerId(""), "response.customer_id");
        rejects(tenant, response(surveyId).putSegment("Bad Key", "x"), "response.segment.Bad Key");
        rejects(tenant, response(surveyId).addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_SAFETY, 10)),
                "response.expectations[3].dimension");
        rejects(tenant, response(surveyId).setExpectations(0, expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY,
                101)), "response.expectations[0].level");
        rejects(tenant, response(surveyId).setSubmitTime(com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(MutableClock.DEFAULT_NOW.plusSeconds(60).getEpochSecond())), "response.submit_time");
        assertThat(surveys(tenant).listResponses(ListResponsesRequest.getDefaultInstance()).getResponsesList())
                .as("nothing stored").isEmpty();
    }

    @Test
    void responsesNeedAPublishedVersionOfAnExistingSurvey() {
        String tenant = newTenant();
        Survey draft = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        assertStatus(Status.Code.FAILED_PRECONDITION, "SURVEY_NOT_PUBLISHED", () -> record(tenant,
                response(draft.getId())));
        assertStatus(Status.Code.NOT_FOUND, () -> record(tenant, response("no-such-survey")));
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(draft.getId()).build());
        assertStatus(Status.Code.NOT_FOUND, () -> record(tenant, response(draft.getId()).setSurveyVersion(2)));
        assertThat(record(tenant, response(draft.getId()).setSurveyVersion(1)).getSurveyVersion()).isEqualTo(1);
    }

    @Test
    void aRetriedRequestIsRecordedOnce() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        CreateResponseRequest request = CreateResponseRequest.newBuilder().setResponse(response(surveyId))
                .setRequestId("call-centre-4711").build();
        Response first = surveys(tenant).createResponse(request);
        assertThat(surveys(tenant).createResponse(request)).isEqualTo(first);
        assertThat(surveys(tenant).listResponses(ListResponsesRequest.getDefaultInstance()).getResponsesList())
                .hasSize(1);
    }

    @Test
    void freeTextInAnyLanguageRoundTripsExactly() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Response swedish = record(tenant, response(surveyId).setLanguage("sv")
                .addAnswers(freeText("comment", "Leveransen var snabb, men förpackningen var trasig. Åsa")));
        Response chinese = record(tenant, response(surveyId).setLanguage("zh-hans")
                .addAnswers(freeText("comment", "送货很快，但是包装破了。")));
        assertThat(swedish.getLanguage()).isEqualTo("sv");
        assertThat(chinese.getLanguage()).isEqualTo("zh-Hans");
        assertThat(surveys(tenant).getResponse(GetResponseRequest.newBuilder().setResponseId(chinese.getId()).build())
                .getAnswers(5).getText()).isEqualTo("送货很快，但是包装破了。");
        assertThat(swedish.getAnswers(5).getText()).isEqualTo("Leveransen var snabb, men förpackningen var trasig. Åsa");
    }

    @Test
    void listsFilterBySurveyCustomerAndSubmitTime() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        String otherSurvey = publishedSurvey(tenant);
        Response early = record(tenant, response(surveyId).setSubmitTime(com.google.protobuf.Timestamp.newBuilder()
                .setSeconds(MutableClock.DEFAULT_NOW.minus(Duration.ofDays(3)).getEpochSecond())));
        Response late = record(tenant, response(surveyId).setCustomerId("c-2"));
        Response other = record(tenant, response(otherSurvey));
        assertThat(ids(tenant, ListResponsesRequest.newBuilder().setSurveyId(surveyId).build()))
                .containsExactly(early.getId(), late.getId());
        assertThat(ids(tenant, ListResponsesRequest.newBuilder().setCustomerId("c-1").build()))
                .containsExactly(early.getId(), other.getId());
        assertThat(ids(tenant, ListResponsesRequest.newBuilder().setEndTime(late.getSubmitTime()).build()))
                .containsExactly(early.getId());
    }

    @Test
    void anotherTenantsResponsesAreInvisible() {
        String owner = newTenant();
        String intruder = newTenant();
        String surveyId = publishedSurvey(owner);
        Response recorded = record(owner, response(surveyId));
        assertStatus(Status.Code.NOT_FOUND, () -> surveys(intruder).getResponse(GetResponseRequest.newBuilder()
                .setResponseId(recorded.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> record(intruder, response(surveyId)));
        assertThat(surveys(intruder).listResponses(ListResponsesRequest.getDefaultInstance()).getResponsesList())
                .isEmpty();
    }

    private List<String> ids(String tenant, ListResponsesRequest request) {
        return surveys(tenant).listResponses(request).getResponsesList().stream().map(Response::getId).toList();
    }

    private void rejects(String tenant, Response.Builder response, String field) {
        assertInvalid(() -> record(tenant, response), field);
    }
}
