package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SubmitResponseResponse;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.followup.v1.EvaluatePlaybooksResponse;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.PlaybookEvent;
import io.exceed.followup.v1.PlaybookEventKind;
import io.grpc.Status;

/**
 * A respondent's receipt says when a detractor will be called back: the promised time of the recovery follow-up
 * that followup-service's playbooks (a fake on a real port) would schedule for the same event; nothing when no
 * playbook follows the answers up or followup-service cannot be asked, and the response is recorded either way.
 */
class RecoveryPromiseTest extends FeedbackServiceTestBase {

    private static final Timestamp PROMISED = Timestamp.newBuilder().setSeconds(1_800_000_000L).build();

    private final FakeFollowUps followUps = FakeFollowUps.INSTANCE;

    @AfterEach
    void followUpsBackToNormal() {
        followUps.answer(Status.OK);
        followUps.preview(EvaluatePlaybooksResponse.getDefaultInstance());
    }

    private String token(String tenant) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveys.createInvitation(CreateInvitationRequest.newBuilder().setActor("crm-sync")
                .setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("c-1")
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)).build()).getToken();
    }

    private SubmitResponseResponse submit(String token, int nps) {
        return RespondentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .submitResponse(SubmitResponseRequest.newBuilder().setToken(token).addAnswers(score("nps", nps))
                        .build());
    }

    private static EvaluatePlaybooksResponse wouldSchedule(FollowUpReason reason) {
        return EvaluatePlaybooksResponse.newBuilder().addFollowUps(FollowUp.newBuilder().setReason(reason)
                .setPromisedTime(PROMISED)).build();
    }

    @Test
    void aDetractorIsToldTheRecoveryFollowUpsPromisedTime() {
        String tenant = newTenant();
        followUps.preview(wouldSchedule(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY));

        SubmitResponseResponse receipt = submit(token(tenant), 3);

        assertThat(receipt.getRecoveryPromiseTime()).isEqualTo(PROMISED);
        // The delivery may have handed the same event over for real meanwhile; the preview is the validate_only one.
        assertThat(followUps.evaluationsFor(tenant)).filteredOn(evaluation -> evaluation.request().getValidateOnly())
                .singleElement().satisfies(evaluation -> {
            PlaybookEvent event = evaluation.request().getEvent();
            assertThat(event.getKind()).isEqualTo(PlaybookEventKind.PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE);
            assertThat(event.getSourceReference()).isEqualTo("response/" + receipt.getResponseId());
            assertThat(event.getNpsScore()).isEqualTo(3);
            assertThat(event.getCustomerId()).isEqualTo("c-1");
        });
    }

    @Test
    void noRecoveryFollowUpMeansNoPromise() {
        String tenant = newTenant();
        followUps.preview(wouldSchedule(FollowUpReason.FOLLOW_UP_REASON_ADVOCATE_THANKS));

        SubmitResponseResponse receipt = submit(token(tenant), 10);

        assertThat(receipt.hasRecoveryPromiseTime()).isFalse();
        assertThat(receipt.getResponseId()).isNotEmpty();
    }

    @Test
    void whileFollowUpsCannotBeAskedTheResponseIsRecordedWithoutATime() {
        String tenant = newTenant();
        String token = token(tenant);
        followUps.answer(Status.UNAVAILABLE);

        SubmitResponseResponse receipt = submit(token, 2);

        assertThat(receipt.getResponseId()).isNotEmpty();
        assertThat(receipt.hasRecoveryPromiseTime()).isFalse();
    }
}
