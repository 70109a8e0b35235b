package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.LocalizedText;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Question;
import io.exceed.feedback.v1.QuestionKind;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.feedback.v1.UpdateSurveyRequest;
import io.grpc.Status;

/**
 * Published survey versions are held in memory: a response after the first reads no survey from the store, a
 * publish on this replica is seen by the next response at once, and one tenant never reaches another's versions.
 */
class SurveyVersionCacheTest extends FeedbackServiceTestBase {

    private static final String SURVEYS = "surveys";

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    private String publishedSurvey(String tenant) {
        Survey created = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(created.getId()).build());
        return created.getId();
    }

    private Response record(String tenant, String surveyId, int version) {
        return surveys(tenant).createResponse(CreateResponseRequest.newBuilder().setResponse(Response.newBuilder()
                .setSurveyId(surveyId).setSurveyVersion(version).setCustomerId("c-1")
                .addAnswers(score("nps", 9))).build());
    }

    private long surveyReads(String tenant) {
        return storeCommands.count("find", SURVEYS, tenant);
    }

    @Test
    void afterTheFirstResponseAVersionIsNotReadAgain() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        record(tenant, surveyId, 0);
        record(tenant, surveyId, 1);
        long before = surveyReads(tenant);
        assertThat(before).isPositive();

        assertThat(record(tenant, surveyId, 0).getSurveyVersion()).isEqualTo(1);
        assertThat(record(tenant, surveyId, 1).getSurveyVersion()).isEqualTo(1);

        assertThat(surveyReads(tenant)).isEqualTo(before);
    }

    @Test
    void aPublishOnThisReplicaIsSeenByTheNextResponseAtOnce() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        assertThat(record(tenant, surveyId, 0).getSurveyVersion()).isEqualTo(1);
        surveys(tenant).updateSurvey(UpdateSurveyRequest.newBuilder()
                .setSurvey(survey().setId(surveyId).addQuestions(Question.newBuilder().setId("again")
                        .setKind(QuestionKind.QUESTION_KIND_FREE_TEXT)
                        .addText(LocalizedText.newBuilder().setLanguage("en")
                                .setText("Anything else?"))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("questions")).build());
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());

        assertThat(record(tenant, surveyId, 0).getSurveyVersion()).isEqualTo(2);
        assertThat(record(tenant, surveyId, 1).getSurveyVersion()).isEqualTo(1);
    }

    @Test
    void anotherTenantNeverReachesACachedVersion() {
        String owner = newTenant();
        String intruder = newTenant();
        String surveyId = publishedSurvey(owner);
        record(owner, surveyId, 0);
        record(owner, surveyId, 1);

        assertStatus(Status.Code.NOT_FOUND, () -> record(intruder, surveyId, 0));
        assertStatus(Status.Code.NOT_FOUND, () -> record(intruder, surveyId, 1));
        assertThat(surveyReads(intruder)).as("each refusal came from the store, not the owner's cache")
                .isEqualTo(2);
        assertStatus(Status.Code.NOT_FOUND, () -> record(owner, surveyId, 2));
    }
}
