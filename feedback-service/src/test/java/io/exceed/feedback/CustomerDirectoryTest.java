package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.grpc.Status;

/**
 * Complaints, integrators' responses and invitations are stored only for a customer customer-service (a fake on a
 * real port) says the tenant has: an unknown customer is NOT_FOUND, an erased one CUSTOMER_ERASED, and while the
 * directory cannot be asked the call is UNAVAILABLE; none of them stores anything.
 */
class CustomerDirectoryTest extends FeedbackServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MongoDatabase database;

    @AfterEach
    void directoryUp() {
        customers.directory.down(false);
    }

    private String publishedSurvey(String tenant) {
        var stub = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = stub.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        stub.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveyId;
    }

    /** Asserts that each write naming the customer fails with {@code code} and nothing naming them is stored. */
    private void everyWriteFails(String tenant, String customerId, Status.Code code) {
        String surveyId = publishedSurvey(tenant);
        assertStatus(code, () -> as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(
                CreateComplaintRequest.newBuilder().setComplaint(complaint(customerId)).build()));
        assertStatus(code, () -> as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(
                CreateResponseRequest.newBuilder().setResponse(Response.newBuilder().setSurveyId(surveyId)
                        .setCustomerId(customerId).addAnswers(score("nps", 3))).build()));
        assertStatus(code, () -> as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(
                CreateInvitationRequest.newBuilder().setActor("crm").setInvitation(Invitation.newBuilder()
                        .setSurveyId(surveyId).setCustomerId(customerId)
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL)).build()));
        for (String collection : database.listCollectionNames()) {
            assertThat(database.getCollection(collection).countDocuments(new Document("tenant", tenant)
                    .append("customerId", customerId))).as(collection).isZero();
        }
    }

    @Test
    void aCustomerTheTenantDoesNotHaveGetsNoFeedbackStored() {
        String tenant = newTenant();
        String madeUp = "c-" + UUID.randomUUID();
        customers.directory.unknown(tenant, madeUp);

        everyWriteFails(tenant, madeUp, Status.Code.NOT_FOUND);
    }

    @Test
    void aCustomerErasedInCustomerServiceGetsNoFeedbackStoredEvenBeforeTheErasureReachesThisService() {
        String tenant = newTenant();
        String erased = "c-" + UUID.randomUUID();
        customers.directory.erased(tenant, erased);

        everyWriteFails(tenant, erased, Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void whileCustomerServiceCannotBeAskedNothingIsStoredUnchecked() {
        String tenant = newTenant();
        customers.directory.down(true);

        everyWriteFails(tenant, "c-" + UUID.randomUUID(), Status.Code.UNAVAILABLE);
    }
}
