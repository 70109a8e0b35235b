package io.exceed.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc.CustomerServiceBlockingStub;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.feedback.v1.Answer;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.ExpectedLevel;
import io.exceed.feedback.v1.LocalizedText;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Question;
import io.exceed.feedback.v1.QuestionKind;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceBlockingStub;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Scenario 2: the services' own gRPC methods called directly with blocking stubs at a fixed concurrency — a survey
 * response submitted by an integrator, a customer read by id, a follow-up created. Scenario 3 makes the same calls
 * through the gateway.
 */
final class DirectGrpc {

    static final String SUBMIT_RESPONSE = "direct gRPC submit response";
    static final String GET_CUSTOMER = "direct gRPC get customer";
    static final String CREATE_FOLLOW_UP = "direct gRPC create follow-up";
    static final String PASSTHROUGH_SUBMIT_RESPONSE = "gateway gRPC submit response";
    static final String PASSTHROUGH_GET_CUSTOMER = "gateway gRPC get customer";
    static final String PASSTHROUGH_CREATE_FOLLOW_UP = "gateway gRPC create follow-up";
    private static final long DEADLINE_SECONDS = 10;

    private DirectGrpc() {
    }

    /** What the calls work on: a published survey and customers, created through the services' own API. */
    record Fixture(String surveyId, List<String> customerIds) {

        String anyCustomer() {
            return customerIds.get(ThreadLocalRandom.current().nextInt(customerIds.size()));
        }
    }

    static Fixture fixture(ManagedChannel customers, ManagedChannel feedback) {
        CustomerServiceBlockingStub customerStub = Tenants.asTenant(CustomerServiceGrpc.newBlockingStub(customers));
        String surveyId = publishedSurvey(Tenants.asTenant(SurveyServiceGrpc.newBlockingStub(feedback)));
        List<String> customerIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            customerIds.add(customerStub.createCustomer(CreateCustomerRequest.newBuilder()
                    .setCustomer(Customer.newBuilder().setDisplayName("Bench Customer " + i)
                            .addEmails("customer" + i + "@example.com").setLanguage("en")
                            .setTimeZone("Europe/Stockholm").setAccountOwner("anna@example.com"))
                    .build()).getId());
        }
        return new Fixture(surveyId, List.copyOf(customerIds));
    }

    /** Scenario 2: each service called on its own port, naming the tenant as every caller must. */
    static Map<Operation.Kind, Operation> direct(ManagedChannel customers, ManagedChannel feedback,
            ManagedChannel followUps, Fixture fixture) {
        return operations(List.of(SUBMIT_RESPONSE, GET_CUSTOMER, CREATE_FOLLOW_UP), Tenants.tenantHeader(), customers,
                feedback, followUps, fixture);
    }

    /**
     * Scenario 4: the same calls to the gateway's gRPC passthrough port with the API key as {@code authorization}
     * metadata; the gateway names the tenant and relays each call to the service that owns it.
     */
    static Map<Operation.Kind, Operation> passthrough(ManagedChannel gateway, String apiKey, Fixture fixture) {
        return operations(List.of(PASSTHROUGH_SUBMIT_RESPONSE, PASSTHROUGH_GET_CUSTOMER, PASSTHROUGH_CREATE_FOLLOW_UP),
                Tenants.apiKeyHeader(apiKey), gateway, gateway, gateway, fixture);
    }

    private static Map<Operation.Kind, Operation> operations(List<String> scenarios, Metadata headers,
            ManagedChannel customers, ManagedChannel feedback, ManagedChannel followUps, Fixture fixture) {
        ClientInterceptor attach = MetadataUtils.newAttachHeadersInterceptor(headers);
        SurveyServiceBlockingStub surveys = SurveyServiceGrpc.newBlockingStub(feedback).withInterceptors(attach);
        CustomerServiceBlockingStub customerStub = CustomerServiceGrpc.newBlockingStub(customers)
                .withInterceptors(attach);
        FollowUpServiceBlockingStub followUpStub = FollowUpServiceGrpc.newBlockingStub(followUps)
                .withInterceptors(attach);
        String prefix = scenarios.getFirst().startsWith("direct") ? "bench/" : "bench-grpc/";
        return Map.of(
                Operation.Kind.SUBMIT_RESPONSE, new Operation(scenarios.get(0), (caller, sequence) -> surveys
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .createResponse(CreateResponseRequest.newBuilder()
                                .setResponse(response(fixture.surveyId(), fixture.anyCustomer())).build())),
                Operation.Kind.GET_CUSTOMER, new Operation(scenarios.get(1), (caller, sequence) -> customerStub
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .getCustomer(GetCustomerRequest.newBuilder().setCustomerId(fixture.anyCustomer()).build())),
                Operation.Kind.CREATE_FOLLOW_UP, new Operation(scenarios.get(2), (caller, sequence) -> followUpStub
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                        .createFollowUp(CreateFollowUpRequest.newBuilder().setActor("bench")
                                .setFollowUp(followUp(fixture.anyCustomer(), prefix + caller + "-" + sequence,
                                        Instant.now().plus(Duration.ofDays(1)), Duration.ofDays(2)))
                                .build())));
    }

    /** A detractor-recovery follow-up without a contact window (so quiet hours do not move it), promised an hour after it is due. */
    static FollowUp followUp(String customerId, String sourceReference, Instant due, Duration sla) {
        return FollowUp.newBuilder()
                .setCustomerId(customerId)
                .setReason(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY)
                .setSourceReference(sourceReference)
                .setOwner("anna@example.com")
                .setChannel(ContactChannel.CONTACT_CHANNEL_PHONE)
                .setDueTime(timestamp(due))
                .setPromisedTime(timestamp(due.plus(Duration.ofHours(1))))
                .setSla(com.google.protobuf.Duration.newBuilder().setSeconds(sla.toSeconds()))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static String publishedSurvey(SurveyServiceBlockingStub surveys) {
        Survey survey = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(Survey.newBuilder()
                .setTitle("After delivery")
                .setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)
                .setDefaultLanguage("en")
                .addQuestions(question("nps", QuestionKind.QUESTION_KIND_NPS, null))
                .addQuestions(question("csat", QuestionKind.QUESTION_KIND_CSAT, null))
                .addQuestions(question("ces", QuestionKind.QUESTION_KIND_CES, null))
                .addQuestions(question("reliability", QuestionKind.QUESTION_KIND_DIMENSION_RATING,
                        ServiceDimension.SERVICE_DIMENSION_RELIABILITY))
                .addQuestions(question("courtesy", QuestionKind.QUESTION_KIND_DIMENSION_RATING,
                        ServiceDimension.SERVICE_DIMENSION_COURTESY)))
                .build());
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(survey.getId()).build());
        return survey.getId();
    }

    private static Question question(String id, QuestionKind kind, ServiceDimension dimension) {
        Question.Builder question = Question.newBuilder().setId(id).setKind(kind)
                .addText(LocalizedText.newBuilder().setLanguage("en").setText("How did we do (" + id + ")?"));
        if (dimension != null) {
            question.setDimension(dimension);
        }
        return question.build();
    }

    static Response response(String surveyId, String customerId) {
        return Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                .addAnswers(score("nps", 9))
                .addAnswers(score("csat", 4))
                .addAnswers(score("ces", 2))
                .addAnswers(score("reliability", 80))
                .addAnswers(score("courtesy", 60))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 70))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_COURTESY, 75))
                .addExpectations(expected(ServiceDimension.SERVICE_DIMENSION_SAFETY, 90))
                .putSegment("region", "nordics")
                .build();
    }

    private static Answer score(String questionId, int score) {
        return Answer.newBuilder().setQuestionId(questionId).setScore(score).build();
    }

    private static ExpectedLevel expected(ServiceDimension dimension, int level) {
        return ExpectedLevel.newBuilder().setDimension(dimension).setLevel(level).build();
    }
}
