package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.SurveyFixtures.freeText;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ContactChannel;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.complaint.AcknowledgementTemplates;
import io.exceed.feedback.domain.complaint.ComplaintChannel;
import io.exceed.feedback.domain.complaint.ComplaintState;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.complaint.Complaints;
import io.exceed.feedback.domain.complaint.OpenComplaints;
import io.exceed.feedback.domain.complaint.Severity;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.domain.response.Answer;
import io.exceed.feedback.domain.response.ExpectationSnapshots;
import io.exceed.feedback.domain.response.InvitationMail;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.response.Responses;
import io.exceed.feedback.domain.survey.Surveys;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.GetInvitationRequest;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.InvitationState;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.testing.Interleavings;
import io.exceed.testing.StoredMentions;
import io.grpc.Status;

/**
 * Erasure is a state: once feedback-service has erased a customer, new feedback naming them is refused and their
 * pending survey links are revoked; a write checked before the erasure and stored after it (each interleaving forced,
 * no sleeps) is pseudonymised and refused. Afterwards no document of the tenant holds the customer's id or words.
 */
class FeedbackErasureRaceTest extends FeedbackServiceTestBase {

    private static final String WORDS = "Åsa says the courier Björn was rude to her at Storgatan 5";

    @Autowired
    private MongoDatabase database;

    @Autowired
    private ErasedCustomerGuard erased;

    @Autowired
    private ResponseStore responseStore;

    @Autowired
    private ComplaintStore complaintStore;

    @Autowired
    private InvitationStore invitationStore;

    @Autowired
    private OpenComplaints openComplaints;

    @Autowired
    private Surveys surveys;

    @Autowired
    private MongoEventFeed events;

    private void erase(String tenant, String customerId) {
        as(tenant, FeedbackErasureServiceGrpc.newBlockingStub(channel)).pseudonymizeCustomer(
                PseudonymizeCustomerRequest.newBuilder().setCustomerId(customerId)
                        .setPseudonym("erased-" + UUID.randomUUID()).build());
    }

    private String publishedSurvey(String tenant) {
        var stub = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = stub.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        stub.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveyId;
    }

    private CreateInvitationResponse invite(String tenant, String surveyId, String customerId) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(CreateInvitationRequest
                .newBuilder().setActor("crm").setInvitation(Invitation.newBuilder().setSurveyId(surveyId)
                        .setCustomerId(customerId).setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL))
                .build());
    }

    private List<String> documentsMentioning(String tenant, String... needles) {
        return StoredMentions.of(database, tenant, needles);
    }

    @Test
    void newFeedbackNamingAnErasedCustomerIsRefusedAndNothingIsStored() {
        String tenant = newTenant();
        String customerId = "c-" + UUID.randomUUID();
        String surveyId = publishedSurvey(tenant);
        erase(tenant, customerId);

        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED", () -> as(tenant,
                ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(CreateComplaintRequest.newBuilder()
                        .setComplaint(complaint(customerId).setText(WORDS)).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED", () -> as(tenant,
                SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                        .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                                .addAnswers(score("nps", 2)).addAnswers(freeText("comment", WORDS)))
                        .build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "CUSTOMER_ERASED",
                () -> invite(tenant, surveyId, customerId));

        assertThat(documentsMentioning(tenant, customerId, WORDS)).as("the register keeps a hash, not the id")
                .isEmpty();
    }

    @Test
    void aPendingSurveyLinkIsRevokedByTheErasure() {
        String tenant = newTenant();
        String customerId = "c-" + UUID.randomUUID();
        CreateInvitationResponse issued = invite(tenant, publishedSurvey(tenant), customerId);
        var respondent = RespondentServiceGrpc.newBlockingStub(channel);
        respondent.getSurveyForm(GetSurveyFormRequest.newBuilder().setToken(issued.getToken()).build());

        erase(tenant, customerId);

        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_REVOKED", () -> respondent.getSurveyForm(
                GetSurveyFormRequest.newBuilder().setToken(issued.getToken()).build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "TOKEN_REVOKED", () -> respondent.submitResponse(
                SubmitResponseRequest.newBuilder().setToken(issued.getToken()).addAnswers(score("nps", 2))
                        .addAnswers(freeText("comment", WORDS)).build()));
        assertThat(as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).getInvitation(GetInvitationRequest
                .newBuilder().setInvitationId(issued.getInvitation().getId()).build()).getState())
                .isEqualTo(InvitationState.INVITATION_STATE_REVOKED);
        assertThat(documentsMentioning(tenant, customerId, WORDS)).isEmpty();
    }

    @RepeatedTest(5)
    void anAnswerThroughALinkOpenedBeforeTheErasureAndStoredAfterItIsPseudonymisedAndRefused() {
        String tenant = newTenant();
        String customerId = "c-" + UUID.randomUUID();
        CreateInvitationResponse issued = invite(tenant, publishedSurvey(tenant), customerId);
        Responses racing = new Responses(Interleavings.before(ResponseStore.class, responseStore, "insert",
                () -> erase(tenant, customerId)), surveys, ExpectationSnapshots.NONE, erased, clock);
        Invitations invitations = new Invitations(invitationStore, surveys, racing, openComplaints, Optional.empty(),
                erased, InvitationMail.NONE, Duration.ofDays(30), Duration.ofDays(90), clock);

        assertThatThrownBy(() -> invitations.submit(issued.getToken(), "en", List.of(
                new Answer("nps", 2, null), new Answer("comment", null, WORDS)), new Violations()))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("erased");

        assertThat(documentsMentioning(tenant, customerId, WORDS)).isEmpty();
        assertThat(database.getCollection("responses").countDocuments(new Document("tenant", tenant)))
                .as("the answer counts in the figures, under a pseudonym").isEqualTo(1);
    }

    @RepeatedTest(5)
    void anEventReadFromItsDocumentBeforeTheErasureAndRelayedAfterItIsPseudonymisedWhereItLanded() {
        String tenant = newTenant();
        String customerId = "c-" + UUID.randomUUID();
        String surveyId = publishedSurvey(tenant);
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .addAnswers(score("nps", 2))).build());
        // What a relay read from the response's outbox before the erasure's scrub...
        Document pending = database.getCollection("responses").find(new Document("tenant", tenant)).first()
                .getList("outbox", Document.class).getFirst();
        assertThat(pending.getString("customerId")).isEqualTo(customerId);

        erase(tenant, customerId);
        // ...and put into the feed after it.
        events.feed().append(new TenantId(tenant), new Document(pending));

        assertThat(database.getCollection("feedback_events").countDocuments(new Document("tenant", tenant)
                .append("_id", pending.getString("_id")))).as("the event entered the feed").isEqualTo(1);
        assertThat(documentsMentioning(tenant, customerId)).isEmpty();
    }

    @RepeatedTest(5)
    void aComplaintCheckedBeforeTheErasureAndStoredAfterItIsPseudonymisedAndRefused() {
        String tenant = newTenant();
        String customerId = "c-" + UUID.randomUUID();
        Complaints racing = new Complaints(Interleavings.before(ComplaintStore.class, complaintStore, "insert",
                () -> erase(tenant, customerId)), new AcknowledgementTemplates("en", java.util.Map.of("en", "Thank you for telling us.")), erased,
                clock);
        io.exceed.feedback.domain.complaint.Complaint draft = new io.exceed.feedback.domain.complaint.Complaint(null,
                customerId, ComplaintChannel.EMAIL, "Damaged product", Severity.HIGH, WORDS, "en", "ORD-77",
                ComplaintState.OPEN, null, null, 0, 0, null, null, null);

        assertThatThrownBy(() -> racing.create(new TenantId(tenant), draft, Optional.empty(), new Violations()))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("erased");

        assertThat(documentsMentioning(tenant, customerId, WORDS, "ORD-77")).isEmpty();
    }
}
