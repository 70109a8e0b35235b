package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.DeadLetter;
import io.exceed.common.v1.DeadLetterState;
import io.exceed.common.v1.ListDeadLettersRequest;
import io.exceed.common.v1.RetryDeadLetterRequest;
import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.FeedbackSummary;
import io.exceed.customer.v1.ScoreTrend;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.GrpcErrorMapper;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.client.RelationshipUpdates;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.FeedbackDeadLetterServiceGrpc;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * After each response and complaint change, the customer's feedback summary reaches customer-service (a fake on
 * a real port) at least once, as the tenant, and waits in the feed while customer-service is down.
 */
class RelationshipDeliveryTest extends FeedbackServiceTestBase {

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MongoEventFeed feed;

    @Autowired
    private MongoDatabase database;

    @Autowired
    private FeedDelivery<FeedbackEvent> relationshipDelivery;

    @AfterEach
    void customersBackUp() {
        customers.down(false);
        customers.answerSummaries(Status.OK);
    }

    private String complain(String tenant, String customerId) {
        return as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).createComplaint(CreateComplaintRequest
                .newBuilder().setComplaint(complaint(customerId)).build()).getId();
    }

    private void resolve(String tenant, String complaintId) {
        as(tenant, ComplaintServiceGrpc.newBlockingStub(channel)).resolveComplaint(ResolveComplaintRequest
                .newBuilder().setComplaintId(complaintId).setResolution(withRootCause()).build());
    }

    private String publishedSurvey(String tenant) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        return surveyId;
    }

    private void respond(String tenant, String surveyId, String customerId, int nps) {
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .addAnswers(score("nps", nps))).build());
    }

    private List<ApplyFeedbackSummaryRequest> sent(String tenant) {
        return customers.summariesFor(tenant).stream().map(FakeCustomers.Summary::request).toList();
    }

    @Test
    void eachResponseAndComplaintChangeSendsTheCustomersCurrentSummary() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        respond(tenant, surveyId, "c-1", 9);
        feed.relayOnce();
        relationshipDelivery.runOnce();

        String complaintId = complain(tenant, "c-1");
        feed.relayOnce();
        clock.advance(Duration.ofMinutes(1));
        relationshipDelivery.runOnce();

        resolve(tenant, complaintId);
        respond(tenant, surveyId, "c-1", 3);
        feed.relayOnce();
        clock.advance(Duration.ofMinutes(1));
        relationshipDelivery.runOnce();

        List<ApplyFeedbackSummaryRequest> sent = sent(tenant);
        assertThat(sent).as("one per response or complaint event; the detractor event adds none").hasSize(4);
        assertThat(sent).allSatisfy(request -> assertThat(request.getCustomerId()).isEqualTo("c-1"));
        assertThat(sent).extracting(ApplyFeedbackSummaryRequest::getEventId).doesNotHaveDuplicates();
        assertThat(sent.get(0).getSummary()).isEqualTo(FeedbackSummary.newBuilder().setResponseCount(1)
                .setLatestNps(9).build());
        assertThat(sent.get(1).getSummary().getOpenComplaintCount()).isEqualTo(1);
        assertThat(sent.get(1).getAsOfTime().getSeconds()).isGreaterThan(sent.get(0).getAsOfTime().getSeconds());
        FeedbackSummary latest = sent.get(3).getSummary();
        assertThat(latest.getLatestNps()).isEqualTo(3);
        assertThat(latest.getResponseCount()).isEqualTo(2);
        assertThat(latest.getOpenComplaintCount()).isZero();
        assertThat(latest.getComplaintCount()).isEqualTo(1);
        assertThat(latest.getNpsTrend()).isEqualTo(ScoreTrend.SCORE_TREND_DECLINING);

        relationshipDelivery.runOnce();
        assertThat(sent(tenant)).as("delivered events are not offered again").hasSize(4);
    }

    @Test
    void whileCustomerServiceIsDownSummariesWaitAndArriveWhenItIsBack() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        customers.down(true);

        relationshipDelivery.runOnce();
        complain(tenant, "c-2");
        feed.relayOnce();
        relationshipDelivery.runOnce();
        assertThat(sent(tenant)).isEmpty();

        customers.down(false);
        clock.advance(Duration.ofMinutes(10));
        relationshipDelivery.runOnce();

        assertThat(sent(tenant)).extracting(ApplyFeedbackSummaryRequest::getCustomerId).containsExactly("c-1", "c-2");
    }

    @Test
    void aSummaryCustomerServiceRefusesBecomesADeadLetterAndTheNextOnesStillArrive() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        customers.answerSummaries(Status.FAILED_PRECONDITION.withDescription("summary.nps_trend: is not a known trend"));
        relationshipDelivery.runOnce();

        customers.answerSummaries(Status.OK);
        complain(tenant, "c-2");
        feed.relayOnce();
        relationshipDelivery.runOnce();

        assertThat(sent(tenant)).extracting(ApplyFeedbackSummaryRequest::getCustomerId).containsExactly("c-2");
        assertThat(deadLetters(tenant)).singleElement().satisfies(deadLetter -> {
            assertThat(deadLetter.getConsumer()).isEqualTo(RelationshipUpdates.CONSUMER);
            assertThat(deadLetter.getCustomerId()).isEqualTo("c-1");
            assertThat(deadLetter.getReason()).contains("FAILED_PRECONDITION").contains("is not a known trend");
            assertThat(deadLetter.getState()).isEqualTo(DeadLetterState.DEAD_LETTER_STATE_OPEN);
        });
    }

    @Test
    void aRetryOfTheDeadLetterSendsTheSummaryOnceCustomerServiceTakesIt() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        customers.answerSummaries(Status.INVALID_ARGUMENT.withDescription("summary: is not understood"));
        relationshipDelivery.runOnce();
        RetryDeadLetterRequest retry = RetryDeadLetterRequest.newBuilder()
                .setDeadLetterId(deadLetters(tenant).getFirst().getId()).build();
        FeedbackDeadLetterServiceGrpc.FeedbackDeadLetterServiceBlockingStub stub = as(tenant,
                FeedbackDeadLetterServiceGrpc.newBlockingStub(channel));

        assertThatThrownBy(() -> stub.retryDeadLetter(retry)).isInstanceOfSatisfying(StatusRuntimeException.class,
                refused -> assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        customers.answerSummaries(Status.OK);
        assertThat(stub.retryDeadLetter(retry).getState()).isEqualTo(DeadLetterState.DEAD_LETTER_STATE_RESOLVED);
        assertThatThrownBy(() -> stub.retryDeadLetter(retry)).isInstanceOfSatisfying(StatusRuntimeException.class,
                resolved -> assertThat(resolved.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

        assertThat(sent(tenant)).extracting(ApplyFeedbackSummaryRequest::getCustomerId).containsExactly("c-1");
        assertThat(as(newTenant(), FeedbackDeadLetterServiceGrpc.newBlockingStub(channel))
                .listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList())
                .as("another tenant's").isEmpty();
    }

    @Test
    void anErasureForgetsTheCustomersDeadLetters() {
        String tenant = newTenant();
        complain(tenant, "c-1");
        feed.relayOnce();
        customers.answerSummaries(Status.INVALID_ARGUMENT.withDescription("summary: is not understood"));
        relationshipDelivery.runOnce();
        assertThat(deadLetters(tenant)).hasSize(1);

        as(tenant, FeedbackErasureServiceGrpc.newBlockingStub(channel)).pseudonymizeCustomer(
                PseudonymizeCustomerRequest.newBuilder().setCustomerId("c-1").setPseudonym("erased-c-1").build());

        assertThat(deadLetters(tenant)).isEmpty();
    }

    private List<DeadLetter> deadLetters(String tenant) {
        return as(tenant, FeedbackDeadLetterServiceGrpc.newBlockingStub(channel))
                .listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList();
    }

    @Test
    void aSummaryForACustomerErasedMeanwhileIsPassedAndTheRefusalNamingThemIsNotKept() {
        String tenant = newTenant();
        String erased = "erased-" + tenant;
        complain(tenant, erased);
        feed.relayOnce();
        StatusException refusal = new GrpcErrorMapper().handleException(ErasedCustomers.refusal(erased));
        customers.refuseSummaries(new StatusRuntimeException(refusal.getStatus(), refusal.getTrailers()));
        relationshipDelivery.runOnce();

        Document cursor = database.getCollection(FeedbackCollections.FEED_DELIVERIES)
                .find(new Document("_id", RelationshipUpdates.CONSUMER + ":" + tenant)).first();
        assertThat(cursor.getLong("delivered")).as("passed").isEqualTo(1);
        assertThat(cursor.toJson()).as("nothing kept names the erased customer").doesNotContain(erased);
        assertThat(cursor.get("rejected")).as("not a refusal to look into").isNull();
        assertThat(deadLetters(tenant)).isEmpty();
    }
}
