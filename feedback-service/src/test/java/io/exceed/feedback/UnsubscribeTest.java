package io.exceed.feedback;

import static io.exceed.feedback.MailParts.part;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.common.v1.ContactChannel;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.domain.response.ResponseTokens;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.UnsubscribeRequest;
import io.exceed.feedback.v1.UnsubscribeResponse;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.grpc.Status;
import jakarta.mail.internet.MimeMessage;

/**
 * One-click unsubscribe (RFC 8058): every e-mail the platform sends (GreenMail receives them on loopback) carries
 * List-Unsubscribe and List-Unsubscribe-Post with a link of its own, and the same link in both parts; the link's
 * token, sent to the public RespondentService without a tenant, withdraws the customer's e-mail consent in
 * customer-service.
 */
class UnsubscribeTest extends FeedbackServiceTestBase {

    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("http://localhost:8080/u/([A-Za-z0-9_-]+)");
    private static GreenMail smtp;

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MailDispatcher dispatcher;
    @Autowired
    private MongoDatabase database;

    @BeforeAll
    static void startSmtp() {
        smtp = LoopbackSmtp.started();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @AfterEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        customers.down(false);
    }

    @Test
    void everyEmailCarriesOneClickHeadersAndItsLinkWithdrawsTheCustomersEmailConsent() throws Exception {
        String tenant = newTenant();
        MimeMessage invitation = invitationTo(tenant, "unsub-asa", "asa@kund.test", "sv");

        String header = invitation.getHeader("List-Unsubscribe", null);
        assertThat(header).as("one URL in angle brackets, the gateway's /u/ and 256 random bits in base64url")
                .matches("<http://localhost:8080/u/[A-Za-z0-9_-]{43}>");
        assertThat(invitation.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        String url = header.substring(1, header.length() - 1);
        String token = url.substring("http://localhost:8080/u/".length());
        assertThat(token).doesNotContain("unsub-asa", "kund");
        assertThat(part(invitation, "text/plain")).contains("Avregistrera dig: " + url);
        assertThat(part(invitation, "text/html")).contains("<a href=\"" + url + "\">Avregistrera dig</a>");
        Document stored = database.getCollection("unsubscribe_links").find(Filters.eq("customerId", "unsub-asa"))
                .first();
        assertThat(stored).as("stored under the token's hash only").isNotNull();
        assertThat(stored.getString("_id")).isEqualTo(ResponseTokens.hash(token));
        assertThat(stored.values()).doesNotContain(token, "asa@kund.test");

        UnsubscribeResponse unsubscribed = unsubscribe(token);

        assertThat(unsubscribed.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(customers.withdrawalsFor(tenant)).singleElement().satisfies(withdrawal -> {
            assertThat(withdrawal.request().getCustomerId()).isEqualTo("unsub-asa");
            assertThat(withdrawal.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
            assertThat(withdrawal.request().getSource()).isEqualTo("email-unsubscribe");
            assertThat(withdrawal.request().getRequestId()).isNotEmpty();
        });

        unsubscribe(token);
        assertThat(customers.withdrawalsFor(tenant)).as("clicking again does no harm: withdrawn again").hasSize(2)
                .allSatisfy(withdrawal -> assertThat(withdrawal.request().getCustomerId()).isEqualTo("unsub-asa"));
    }

    @Test
    void anUnknownOrExpiredLinkIsNotFoundAndWithdrawsNothing() throws Exception {
        String tenant = newTenant();
        String token = tokenOf(invitationTo(tenant, "unsub-old", "old@kund.test", "en"));

        assertStatus(Status.Code.NOT_FOUND, () -> unsubscribe("no-such-token"));
        clock.advance(Duration.ofDays(364));
        unsubscribe(token);
        clock.advance(Duration.ofDays(1));
        assertStatus(Status.Code.NOT_FOUND, () -> unsubscribe(token));
        assertThat(customers.withdrawalsFor(tenant)).as("only the click while the link worked").hasSize(1);
    }

    @Test
    void whileCustomerServiceIsDownTheClickIsUnavailableAndAClickLaterWorks() throws Exception {
        String tenant = newTenant();
        String token = tokenOf(invitationTo(tenant, "unsub-down", "down@kund.test", "en"));

        customers.down(true);
        assertStatus(Status.Code.UNAVAILABLE, () -> unsubscribe(token));
        assertThat(customers.withdrawalsFor(tenant)).isEmpty();

        customers.down(false);
        unsubscribe(token);
        assertThat(customers.withdrawalsFor(tenant)).singleElement().satisfies(withdrawal ->
                assertThat(withdrawal.request().getCustomerId()).isEqualTo("unsub-down"));
    }

    @Test
    void anErasedCustomersLinksStopWorking() throws Exception {
        String tenant = newTenant();
        String token = tokenOf(invitationTo(tenant, "unsub-erased", "gone@kund.test", "en"));

        as(tenant, FeedbackErasureServiceGrpc.newBlockingStub(channel)).pseudonymizeCustomer(
                PseudonymizeCustomerRequest.newBuilder().setCustomerId("unsub-erased").setPseudonym("erased-u")
                        .build());

        assertStatus(Status.Code.NOT_FOUND, () -> unsubscribe(token));
        assertThat(database.getCollection("unsubscribe_links").countDocuments(Filters.eq("tenant", tenant)))
                .isZero();
    }

    @Test
    void aSurveyLinkUnsubscribesFromTheChannelItsInvitationWentOnBeforeAndAfterTheAnswer() {
        String tenant = newTenant();
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder()
                .setSurvey(survey().setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        String surveyToken = surveys.createInvitation(CreateInvitationRequest.newBuilder().setActor("crm-sync")
                .setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("unsub-texted")
                        .setChannel(ContactChannel.CONTACT_CHANNEL_SMS))
                .build()).getToken();

        UnsubscribeResponse unsubscribed = unsubscribeFromSurveyLink(surveyToken);

        assertThat(unsubscribed.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(customers.withdrawalsFor(tenant)).singleElement().satisfies(withdrawal -> {
            assertThat(withdrawal.request().getCustomerId()).isEqualTo("unsub-texted");
            assertThat(withdrawal.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
            assertThat(withdrawal.request().getSource()).isEqualTo("survey-page-unsubscribe");
        });
        RespondentServiceGrpc.newBlockingStub(channel).submitResponse(SubmitResponseRequest.newBuilder()
                .setToken(surveyToken).addAnswers(score("nps", 9)).build());
        unsubscribeFromSurveyLink(surveyToken);
        assertThat(customers.withdrawalsFor(tenant)).as("the thank-you page offers it too").hasSize(2);
        assertStatus(Status.Code.NOT_FOUND, () -> unsubscribeFromSurveyLink("no-such-token"));
    }

    @Test
    void exactlyOneOfTheTwoTokensIsRequiredNamingTheField() {
        RespondentServiceGrpc.RespondentServiceBlockingStub respondents = RespondentServiceGrpc.newBlockingStub(channel);
        assertInvalid(() -> respondents.unsubscribe(UnsubscribeRequest.getDefaultInstance()), "token");
        assertInvalid(() -> respondents.unsubscribe(UnsubscribeRequest.newBuilder().setToken("a")
                .setSurveyToken("b").build()), "survey_token");
    }

    private UnsubscribeResponse unsubscribeFromSurveyLink(String surveyToken) {
        return RespondentServiceGrpc.newBlockingStub(channel).unsubscribe(UnsubscribeRequest.newBuilder()
                .setSurveyToken(surveyToken).build());
    }

    private UnsubscribeResponse unsubscribe(String token) {
        return RespondentServiceGrpc.newBlockingStub(channel).unsubscribe(UnsubscribeRequest.newBuilder()
                .setToken(token).build());
    }

    /** Sets the tenant's channel and e-mails the customer an invitation; returns the e-mail received. */
    private MimeMessage invitationTo(String tenant, String customerId, String address, String language) {
        as(tenant, OutboundServiceGrpc.newBlockingStub(channel)).updateEmailChannel(UpdateEmailChannelRequest
                .newBuilder().setEmailChannel(EmailChannel.newBuilder().setSmtpHost("127.0.0.1")
                        .setSmtpPort(smtp.getSmtp().getPort()).setSenderAddress("Acme Surveys <surveys@acme.test>"))
                .build());
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder()
                .setSurvey(survey().setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        customers.profile(tenant, customerId, address, language);
        surveys.createInvitation(CreateInvitationRequest.newBuilder().setActor("crm-sync")
                .setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL))
                .build());
        dispatcher.dispatchDue();
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no e-mail to " + address));
    }

    private static String tokenOf(MimeMessage message) throws Exception {
        Matcher link = UNSUBSCRIBE_LINK.matcher(message.getHeader("List-Unsubscribe", null));
        assertThat(link.find()).isTrue();
        return link.group(1);
    }
}
