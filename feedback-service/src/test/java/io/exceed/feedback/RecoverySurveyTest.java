package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.recovery.Recoveries;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.Complaint;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.ComplaintState;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.GetComplaintRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.ListInvitationsRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ReissueInvitationTokenRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.grpc.Status;

/**
 * Recovery measured, in feedback-service: a resolved complaint is followed by an invitation to the tenant's
 * recovery survey once the delay has passed, and a detractor answer to it reopens the complaint.
 */
class RecoverySurveyTest extends FeedbackServiceTestBase {

    private static final Duration DELAY = Duration.ofDays(3);
    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private FeedDelivery<FeedbackEvent> recoveryDelivery;

    @Autowired
    private Recoveries recoveries;

    @AfterEach
    void customersBackUp() {
        customers.down(false);
    }

    private String publishedSurvey(String tenant, SurveyPurpose purpose) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String id = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey().setPurpose(purpose))
                .build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
        return id;
    }

    private String resolvedComplaint(String tenant, String customerId) {
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        String id = complaints.createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint(customerId)).build()).getId();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(id)
                .setResolution(withRootCause()).build());
        return id;
    }

    private Complaint stored(String tenant, String id) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).getComplaint(GetComplaintRequest.newBuilder()
                .setComplaintId(id).build());
    }

    private List<Invitation> invitations(String tenant, String customerId) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).listInvitations(ListInvitationsRequest
                .newBuilder().setCustomerId(customerId).build()).getInvitationsList();
    }

    /** What the background runner does: take the feed's new events, then issue what is due. */
    private void runRecovery() {
        feed.relayOnce();
        recoveryDelivery.runOnce();
        recoveries.issueDue();
    }

    private String answer(String tenant, String invitationId, int nps) {
        CreateInvitationResponse link = as(tenant, SurveyServiceGrpc.newBlockingStub(channel))
                .reissueInvitationToken(ReissueInvitationTokenRequest.newBuilder().setInvitationId(invitationId)
                        .build());
        return RespondentServiceGrpc.newBlockingStub(channel).submitResponse(SubmitResponseRequest.newBuilder()
                .setToken(link.getToken()).addAnswers(score("nps", nps)).build()).getResponseId();
    }

    @Test
    void aResolvedComplaintIsFollowedByARecoverySurveyOnceTheDelayHasPassed() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP);
        resolvedComplaint(tenant, "c-1");

        runRecovery();
        assertThat(invitations(tenant, "c-1")).as("not before the delay").isEmpty();

        clock.advance(DELAY);
        runRecovery();
        runRecovery();

        List<Invitation> sent = invitations(tenant, "c-1");
        assertThat(sent).as("once, however often the runner runs").hasSize(1);
        assertThat(sent.getFirst().getSurveyId()).isEqualTo(surveyId);
        assertThat(sent.getFirst().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation -> {
            assertThat(reservation.request().getPurpose()).isEqualTo(ContactPurpose.CONTACT_PURPOSE_RECOVERY);
            assertThat(reservation.request().getCustomerId()).isEqualTo("c-1");
            assertThat(reservation.request().getRequestId()).as("a request id customer-service accepts")
                    .matches("[A-Za-z0-9._:-]{1,128}");
        });
    }

    @Test
    void aDetractorAnswerToTheRecoverySurveyReopensTheComplaintAndAGoodOneDoesNot() {
        String tenant = newTenant();
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);
        String unhappy = resolvedComplaint(tenant, "unhappy");
        String happy = resolvedComplaint(tenant, "happy");
        clock.advance(DELAY);
        runRecovery();

        answer(tenant, invitations(tenant, "unhappy").getFirst().getId(), 3);
        answer(tenant, invitations(tenant, "happy").getFirst().getId(), 9);
        runRecovery();
        runRecovery();

        Complaint reopened = stored(tenant, unhappy);
        assertThat(reopened.getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_OPEN);
        assertThat(reopened.getReopenCount()).as("once, however often the answer is delivered").isEqualTo(1);
        assertThat(stored(tenant, happy).getState()).isEqualTo(ComplaintState.COMPLAINT_STATE_RESOLVED);
    }

    @Test
    void withoutARecoverySurveyNothingIsSent() {
        String tenant = newTenant();
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        resolvedComplaint(tenant, "c-1");
        clock.advance(DELAY);

        runRecovery();

        assertThat(invitations(tenant, "c-1")).isEmpty();
        assertThat(customers.reservationsFor(tenant)).isEmpty();
    }

    @Test
    void aDeniedContactSendsNothingAndAnUnreachableGovernorDefersTheSurvey() {
        String tenant = newTenant();
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);
        customers.deny("no-consent", ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT,
                Timestamp.getDefaultInstance());
        resolvedComplaint(tenant, "no-consent");
        resolvedComplaint(tenant, "c-2");
        clock.advance(DELAY);
        customers.down(true);

        runRecovery();
        assertThat(invitations(tenant, "c-2")).as("deferred, never sent unchecked").isEmpty();

        customers.down(false);
        runRecovery();
        assertThat(invitations(tenant, "c-2")).as("waits out its retry delay").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        runRecovery();

        assertThat(invitations(tenant, "c-2")).hasSize(1);
        assertThat(invitations(tenant, "no-consent")).isEmpty();
    }

    @Test
    void aReissuedTokenReplacesTheOldOneAndAnAnsweredInvitationGetsNone() {
        String tenant = newTenant();
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);
        resolvedComplaint(tenant, "c-1");
        clock.advance(DELAY);
        runRecovery();
        String invitationId = invitations(tenant, "c-1").getFirst().getId();
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String first = surveys.reissueInvitationToken(ReissueInvitationTokenRequest.newBuilder()
                .setInvitationId(invitationId).build()).getToken();
        String second = surveys.reissueInvitationToken(ReissueInvitationTokenRequest.newBuilder()
                .setInvitationId(invitationId).build()).getToken();

        assertStatus(Status.Code.NOT_FOUND, () -> RespondentServiceGrpc.newBlockingStub(channel).submitResponse(
                SubmitResponseRequest.newBuilder().setToken(first).addAnswers(score("nps", 9)).build()));
        RespondentServiceGrpc.newBlockingStub(channel).submitResponse(SubmitResponseRequest.newBuilder()
                .setToken(second).addAnswers(score("nps", 9)).build());

        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_USED", () -> surveys.reissueInvitationToken(
                ReissueInvitationTokenRequest.newBuilder().setInvitationId(invitationId).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> as(newTenant(), SurveyServiceGrpc.newBlockingStub(channel))
                .reissueInvitationToken(ReissueInvitationTokenRequest.newBuilder().setInvitationId(invitationId)
                        .build()));
    }
}
