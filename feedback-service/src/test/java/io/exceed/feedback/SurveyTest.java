package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.csat;
import static io.exceed.feedback.SurveyFixtures.nps;
import static io.exceed.feedback.SurveyFixtures.rating;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.feedback.SurveyFixtures.text;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.feedback.v1.ArchiveSurveyRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.GetSurveyVersionRequest;
import io.exceed.feedback.v1.ListSurveysRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Question;
import io.exceed.feedback.v1.QuestionKind;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.feedback.v1.SurveyState;
import io.exceed.feedback.v1.SurveyVersion;
import io.exceed.feedback.v1.UpdateSurveyRequest;
import io.grpc.Status;

class SurveyTest extends FeedbackServiceTestBase {

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    private Survey create(String tenant, Survey.Builder survey) {
        return surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey).build());
    }

    private SurveyVersion publish(String tenant, String id) {
        return surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
    }

    private Survey update(String tenant, Survey.Builder survey, String... paths) {
        return surveys(tenant).updateSurvey(UpdateSurveyRequest.newBuilder().setSurvey(survey)
                .setUpdateMask(FieldMask.newBuilder().addAllPaths(java.util.List.of(paths))).build());
    }

    @Test
    void aDraftIsPublishedAsImmutableVersions() {
        String tenant = newTenant();
        Survey draft = create(tenant, survey().setDefaultLanguage("EN"));
        assertThat(draft.getState()).isEqualTo(SurveyState.SURVEY_STATE_DRAFT);
        assertThat(draft.getLatestVersion()).isZero();
        assertThat(draft.getDefaultLanguage()).as("normalised").isEqualTo("en");
        assertThat(draft.getQuestionsList()).extracting(Question::getId)
                .containsExactly("nps", "csat", "ces", "reliability", "courtesy", "comment");

        SurveyVersion first = publish(tenant, draft.getId());
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(first.getQuestionsList()).isEqualTo(draft.getQuestionsList());

        clock.advance(Duration.ofDays(1));
        Survey edited = update(tenant, Survey.newBuilder().setId(draft.getId()).setTitle("After delivery v2")
                .addQuestions(nps()), "title", "questions");
        assertThat(edited.getRevision()).isEqualTo(draft.getRevision() + 2);
        assertThat(edited.getLatestVersion()).isEqualTo(1);
        SurveyVersion second = publish(tenant, draft.getId());
        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(second.getQuestionsList()).extracting(Question::getId).containsExactly("nps");

        SurveyVersion firstAgain = surveys(tenant).getSurveyVersion(GetSurveyVersionRequest.newBuilder()
                .setSurveyId(draft.getId()).setVersion(1).build());
        assertThat(firstAgain).as("publishing again never changes an earlier version").isEqualTo(first);
        assertStatus(Status.Code.NOT_FOUND, () -> surveys(tenant).getSurveyVersion(GetSurveyVersionRequest.newBuilder()
                .setSurveyId(draft.getId()).setVersion(3).build()));
        Survey now = surveys(tenant).getSurvey(GetSurveyRequest.newBuilder().setSurveyId(draft.getId()).build());
        assertThat(now.getState()).isEqualTo(SurveyState.SURVEY_STATE_PUBLISHED);
        assertThat(now.getTitle()).isEqualTo("After delivery v2");
    }

    @Test
    void archivedSurveysCannotBePublished() {
        String tenant = newTenant();
        Survey draft = create(tenant, survey());
        Survey archived = surveys(tenant).archiveSurvey(ArchiveSurveyRequest.newBuilder().setSurveyId(draft.getId())
                .build());
        assertThat(archived.getState()).isEqualTo(SurveyState.SURVEY_STATE_ARCHIVED);
        assertThat(surveys(tenant).archiveSurvey(ArchiveSurveyRequest.newBuilder().setSurveyId(draft.getId()).build())
                .getRevision()).as("archiving twice is harmless").isEqualTo(archived.getRevision());
        assertStatus(Status.Code.FAILED_PRECONDITION, "SURVEY_ARCHIVED", () -> publish(tenant, draft.getId()));
    }

    @Test
    void retriesAndConcurrentEditsAreSafe() {
        String tenant = newTenant();
        CreateSurveyRequest creation = CreateSurveyRequest.newBuilder().setSurvey(survey()).setRequestId("s-1").build();
        Survey created = surveys(tenant).createSurvey(creation);
        assertThat(surveys(tenant).createSurvey(creation)).isEqualTo(created);

        PublishSurveyRequest publication = PublishSurveyRequest.newBuilder().setSurveyId(created.getId())
                .setRequestId("p-1").build();
        assertThat(surveys(tenant).publishSurvey(publication).getVersion()).isEqualTo(1);
        assertThat(surveys(tenant).publishSurvey(publication).getVersion()).as("a retry publishes nothing new")
                .isEqualTo(1);

        assertStatus(Status.Code.ABORTED, () -> surveys(tenant).updateSurvey(UpdateSurveyRequest.newBuilder()
                .setSurvey(Survey.newBuilder().setId(created.getId()).setTitle("Stale edit"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).setExpectedRevision(created.getRevision())
                .build()));
        assertThat(surveys(tenant).listSurveys(ListSurveysRequest.getDefaultInstance()).getSurveysList())
                .extracting(Survey::getTitle).containsExactly("After delivery");
    }

    @Test
    void everyDraftRuleNamesItsField() {
        String tenant = newTenant();
        rejects(tenant, survey().setTitle(" "), "survey.title");
        rejects(tenant, survey().setPurpose(SurveyPurpose.SURVEY_PURPOSE_UNSPECIFIED), "survey.purpose");
        rejects(tenant, survey().setDefaultLanguage("not a tag"), "survey.default_language");
        rejects(tenant, survey().clearQuestions(), "survey.questions");
        rejects(tenant, survey().addQuestions(nps().setId("Bad Id")), "survey.questions[6].id");
        rejects(tenant, survey().addQuestions(csat().setId("comment").setKind(QuestionKind.QUESTION_KIND_FREE_TEXT)),
                "survey.questions[6].id");
        rejects(tenant, survey().addQuestions(nps().setId("nps2")), "survey.questions[6].kind");
        rejects(tenant, survey().addQuestions(csat().setId("k").setKind(QuestionKind.QUESTION_KIND_UNSPECIFIED)),
                "survey.questions[6].kind");
        rejects(tenant, survey().addQuestions(rating("again", ServiceDimension.SERVICE_DIMENSION_RELIABILITY)),
                "survey.questions[6].dimension");
        rejects(tenant, survey().addQuestions(rating("none", ServiceDimension.SERVICE_DIMENSION_SAFETY)
                .clearDimension()), "survey.questions[6].dimension");
        rejects(tenant, survey().setQuestions(0, nps().setDimension(ServiceDimension.SERVICE_DIMENSION_SAFETY)),
                "survey.questions[0].dimension");
        rejects(tenant, survey().setQuestions(0, nps().clearText().addText(text("sv", "Hur troligt…"))),
                "survey.questions[0].text");
        rejects(tenant, survey().setQuestions(0, nps().addText(text("sv", "Igen"))),
                "survey.questions[0].text[3].language");
        rejects(tenant, survey().setQuestions(0, nps().addText(text("??", "x"))),
                "survey.questions[0].text[3].language");
        rejects(tenant, survey().setQuestions(0, nps().addText(text("fi", " "))), "survey.questions[0].text[3].text");
        Survey.Builder tooMany = survey().clearQuestions();
        for (int i = 0; i < 51; i++) {
            tooMany.addQuestions(Question.newBuilder().setId("q" + i).setKind(QuestionKind.QUESTION_KIND_FREE_TEXT)
                    .addText(text("en", "Question " + i)));
        }
        rejects(tenant, tooMany, "survey.questions");
        assertThat(surveys(tenant).listSurveys(ListSurveysRequest.getDefaultInstance()).getSurveysList()).isEmpty();

        Survey created = create(tenant, survey());
        assertInvalid(() -> update(tenant, Survey.newBuilder().setId(created.getId()).setTitle("x"), "state"),
                "update_mask.paths[0]");
        assertInvalid(() -> update(tenant, Survey.newBuilder().setId(created.getId()).setTitle("x")), "update_mask");
        assertInvalid(() -> update(tenant, Survey.newBuilder().setId(created.getId()).setDefaultLanguage("sv"),
                "default_language"), "survey.questions[1].text");
        assertThat(surveys(tenant).getSurvey(GetSurveyRequest.newBuilder().setSurveyId(created.getId()).build()))
                .isEqualTo(created);
    }

    @Test
    void listsFilterByStateAndPage() {
        String tenant = newTenant();
        Survey a = create(tenant, survey());
        Survey b = create(tenant, survey().setTitle("Relationship").setPurpose(SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP));
        Survey c = create(tenant, survey().setTitle("Recovery").setPurpose(SurveyPurpose.SURVEY_PURPOSE_RECOVERY));
        publish(tenant, b.getId());
        assertThat(surveys(tenant).listSurveys(ListSurveysRequest.newBuilder()
                .setState(SurveyState.SURVEY_STATE_PUBLISHED).build()).getSurveysList()).extracting(Survey::getId)
                .containsExactly(b.getId());
        var first = surveys(tenant).listSurveys(ListSurveysRequest.newBuilder().setPageSize(2).build());
        assertThat(first.getSurveysList()).extracting(Survey::getId).containsExactly(a.getId(), b.getId());
        assertThat(surveys(tenant).listSurveys(ListSurveysRequest.newBuilder().setPageSize(2)
                .setPageToken(first.getNextPageToken()).build()).getSurveysList()).extracting(Survey::getId)
                .containsExactly(c.getId());
    }

    @Test
    void anotherTenantsSurveyIsNotFound() {
        String owner = newTenant();
        String intruder = newTenant();
        Survey created = create(owner, survey());
        assertStatus(Status.Code.NOT_FOUND, () -> surveys(intruder).getSurvey(GetSurveyRequest.newBuilder()
                .setSurveyId(created.getId()).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> publish(intruder, created.getId()));
        assertStatus(Status.Code.NOT_FOUND, () -> update(intruder, Survey.newBuilder().setId(created.getId())
                .setTitle("Mine now"), "title"));
        assertThat(surveys(intruder).listSurveys(ListSurveysRequest.getDefaultInstance()).getSurveysList()).isEmpty();
        assertThat(surveys(owner).getSurvey(GetSurveyRequest.newBuilder().setSurveyId(created.getId()).build()))
                .isEqualTo(created);
    }

    private void rejects(String tenant, Survey.Builder survey, String field) {
        assertInvalid(() -> create(tenant, survey), field);
    }
}
