package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.domain.response.ContactGovernor;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.ListInvitationsRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.SurveyServiceGrpc.SurveyServiceBlockingStub;
import io.exceed.testing.Tenants;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;

/**
 * With the contact check on, every invitation asks the governor first and a denial issues nothing. The
 * customer-service client arrives with the cross-service wiring; here the application gets a governor bean
 * that denies one customer, which is the rule under test.
 */
class ContactGovernorCheckTest {

    @Test
    void aDeniedContactIssuesNoInvitation(@TempDir Path dataDir) throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        ContactGovernor governor = (tenant, customerId, channel, purpose, actor, requestId) -> {
            asked.add(tenant + "/" + customerId + "/" + channel + "/" + purpose + "/" + actor);
            return customerId.equals("c-quiet")
                    ? new ContactGovernor.Decision(false, "QUIET_HOURS", Instant.parse("2026-03-02T07:00:00Z"))
                    : new ContactGovernor.Decision(true, null, null);
        };
        AtomicInteger port = new AtomicInteger();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FeedbackServiceApplication.class)
                .initializers(app -> app.getBeanFactory().registerSingleton("contactGovernor", governor))
                .listeners((ApplicationListener<GrpcServerStartedEvent>) event -> port.set(event.getPort()))
                .run("--spring.grpc.server.port=0", "--server.port=0", "--exceed.storage.data-dir=" + dataDir,
                        "--exceed.feedback.contact-governor.enabled=true",
                        "--spring.grpc.server.shutdown-grace-period=1s")) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext().build();
            try {
                SurveyServiceBlockingStub surveys = SurveyServiceGrpc.newBlockingStub(channel)
                        .withInterceptors(Tenants.actingFor("acme")).withDeadlineAfter(20, TimeUnit.SECONDS);
                String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder()
                        .setSurvey(survey().setPurpose(SurveyPurpose.SURVEY_PURPOSE_RELATIONSHIP)).build()).getId();
                surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());

                assertStatus(Status.Code.FAILED_PRECONDITION, "CONTACT_DENIED", () -> surveys.createInvitation(
                        invite(surveyId, "c-quiet")));
                assertThat(surveys.listInvitations(ListInvitationsRequest.getDefaultInstance()).getInvitationsList())
                        .isEmpty();
                Invitation granted = surveys.createInvitation(invite(surveyId, "c-1")).getInvitation();
                assertThat(granted.getCustomerId()).isEqualTo("c-1");
                assertThat(asked).containsExactly("acme/c-quiet/EMAIL/RELATIONSHIP/crm-sync",
                        "acme/c-1/EMAIL/RELATIONSHIP/crm-sync");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void enablingTheCheckWithoutItsClientStopsTheServiceFromStarting(@TempDir Path dataDir) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(FeedbackServiceApplication.class)
                .run("--spring.grpc.server.port=0", "--server.port=0", "--exceed.storage.data-dir=" + dataDir,
                        "--exceed.feedback.contact-governor.enabled=true"))
                .hasStackTraceContaining("contact-governor client");
    }

    private static CreateInvitationRequest invite(String surveyId, String customerId) {
        return CreateInvitationRequest.newBuilder().setActor("crm-sync").setInvitation(Invitation.newBuilder()
                .setSurveyId(surveyId).setCustomerId(customerId).setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL))
                .build();
    }
}
