package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.ListInvitationsRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.grpc.Status;

/** Every invitation asks customer-service's contact governor (a fake on a real port) first. */
class CustomerContactGovernorTest extends FeedbackServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @AfterEach
    void customersBackUp() {
        customers.down(false);
    }

    private SurveyServiceBlockingStub surveys(String tenant) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
    }

    private String publishedSurvey(String tenant, SurveyPurpose purpose) {
        String surveyId = surveys(tenant).createSurvey(CreateSurveyRequest.newBuilder()
                .setSurvey(survey().setPurpose(purpose)).build()).getId();
        surveys(tenant).publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveyId;
    }

    private static CreateInvitationRequest invite(String surveyId, String customerId) {
        return CreateInvitationRequest.newBuilder().setActor("crm-sync").setInvitation(Invitation.newBuilder()
                .setSurveyId(surveyId).setCustomerId(customerId).setChannel(ContactChannel.CONTACT_CHANNEL_SMS))
                .build();
    }

    @Test
    void aGrantedContactIssuesTheInvitationAndTheGovernorHearsWhatAndWhy() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP);

        assertThat(surveys(tenant).createInvitation(invite(surveyId, "c-1")).getInvitation().getCustomerId())
                .isEqualTo("c-1");

        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation -> {
            assertThat(reservation.request().getCustomerId()).isEqualTo("c-1");
            assertThat(reservation.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
            assertThat(reservation.request().getPurpose())
                    .isEqualTo(ContactPurpose.CONTACT_PURPOSE_RELATIONSHIP_SURVEY);
            assertThat(reservation.request().getActor()).isEqualTo("crm-sync");
        });
    }

    @Test
    void aRecoverySurveyAsksAsRecovery() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);

        surveys(tenant).createInvitation(invite(surveyId, "c-1"));

        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation -> assertThat(
                reservation.request().getPurpose()).isEqualTo(ContactPurpose.CONTACT_PURPOSE_RECOVERY));
    }

    @Test
    void aDeniedContactIssuesNothingAndSaysWhyAndWhen() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP);
        customers.deny("c-tired", ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED,
                Timestamp.newBuilder().setSeconds(1_773_000_000L).build());

        var denied = assertStatus(Status.Code.FAILED_PRECONDITION, "CONTACT_DENIED",
                () -> surveys(tenant).createInvitation(invite(surveyId, "c-tired")));
        assertThat(denied.getStatus().getDescription()).contains("BUDGET_EXHAUSTED")
                .contains("2026-03-08T20:00:00Z");

        assertThat(surveys(tenant).listInvitations(ListInvitationsRequest.getDefaultInstance()).getInvitationsList())
                .isEmpty();
    }

    @Test
    void whileTheGovernorCannotBeAskedTheInvitationIsDeferredNotSent() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.down(true);

        var deferred = assertStatus(Status.Code.UNAVAILABLE, () -> surveys(tenant).createInvitation(
                invite(surveyId, "c-1")));
        assertThat(deferred.getStatus().getDescription()).contains("contact governor").contains("deferred");

        assertThat(surveys(tenant).listInvitations(ListInvitationsRequest.getDefaultInstance()).getInvitationsList())
                .isEmpty();
    }
}
