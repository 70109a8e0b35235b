package io.exceed.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.config.MailProperties;
import io.exceed.feedback.domain.unsubscribe.SmsReplySignature;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.GetSmsChannelRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.InvitationDelivery;
import io.exceed.feedback.v1.ListOutboundMessagesRequest;
import io.exceed.feedback.v1.OutboundMessage;
import io.exceed.feedback.v1.OutboundMessageState;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ReceiveSmsReplyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SmsChannel;
import io.exceed.feedback.v1.SmsReplyParameter;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.exceed.feedback.v1.UpdateSmsChannelRequest;
import io.grpc.Status;

/**
 * The platform texts customers through the tenant's Twilio account: WireMock on loopback plays Twilio's Programmable
 * Messaging API, feedback-service runs over real ports with its real store, and the fake customer-service records
 * what the governor was asked and which consents were withdrawn.
 */
class OutboundSmsTest extends FeedbackServiceTestBase {

    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final String TOKEN = "f".repeat(32);
    private static final String FROM = "+46101234567";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

    private final FakeCustomers customers = FakeCustomers.INSTANCE;
    private final WireMockServer twilio = LoopbackTwilio.server();

    @Autowired
    private MailDispatcher dispatcher;
    @Autowired
    private MailProperties mail;
    @Autowired
    private FeedbackProperties properties;

    @AfterEach
    void resetTwilio() {
        twilio.resetAll();
    }

    private static SmsChannel.Builder smsChannel() {
        return SmsChannel.newBuilder().setAccountSid(ACCOUNT).setAuthToken(TOKEN).setFromNumber(FROM);
    }

    private SmsChannel setSmsChannel(String tenant, SmsChannel.Builder channel) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(this.channel)).updateSmsChannel(
                UpdateSmsChannelRequest.newBuilder().setSmsChannel(channel).build());
    }

    private SmsChannel getSmsChannel(String tenant) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(channel)).getSmsChannel(
                GetSmsChannelRequest.getDefaultInstance());
    }

    private void setEmailChannel(String tenant) {
        as(tenant, OutboundServiceGrpc.newBlockingStub(channel)).updateEmailChannel(UpdateEmailChannelRequest
                .newBuilder().setEmailChannel(EmailChannel.newBuilder().setSmtpHost("127.0.0.1")
                        .setSmtpPort(LoopbackSmtp.freePort()).setSenderAddress("surveys@acme.test")).build());
    }

    private String publishedSurvey(String tenant) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String id = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()
                .setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
        return id;
    }

    private CreateInvitationResponse invite(String tenant, String surveyId, String customerId, ContactChannel on) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(CreateInvitationRequest
                .newBuilder().setActor("crm-sync").setInvitation(Invitation.newBuilder().setSurveyId(surveyId)
                        .setCustomerId(customerId).setChannel(on))
                .build());
    }

    private OutboundMessage onlyMessageOf(String tenant, String customerId) {
        List<OutboundMessage> messages = as(tenant, OutboundServiceGrpc.newBlockingStub(channel))
                .listOutboundMessages(ListOutboundMessagesRequest.newBuilder().setCustomerId(customerId).build())
                .getOutboundMessagesList();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private void twilioAnswers(int status, String body) {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static final String CREATED = "{\"sid\": \"SM" + "1".repeat(32) + "\", \"status\": \"queued\"}";

    private List<LoggedRequest> texts() {
        return twilio.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        Arrays.stream(request.getBodyAsString().split("&")).map(pair -> pair.split("=", 2)).forEach(pair ->
                form.put(URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        return form;
    }

    @Test
    void aCustomerWithOnlyAPhoneIsTextedOnceInTheirLanguageWithTheLinkAndTheOptOutLine() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "asa", List.of(), List.of("+46701234567"), "sv-SE");
        twilioAnswers(201, CREATED);

        CreateInvitationResponse created = invite(tenant, surveyId, "asa", ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(created.getDelivery()).isEqualTo(InvitationDelivery.INVITATION_DELIVERY_SMS_QUEUED);
        assertThat(created.getToken()).as("the platform sends the link").isEmpty();
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(texts()).as("sent once, however often the dispatcher runs").hasSize(1);
        LoggedRequest text = texts().getFirst();
        assertThat(text.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(text.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(text);
        assertThat(form).containsEntry("To", "+46701234567").containsEntry("From", FROM)
                .doesNotContainKey("MessagingServiceSid");
        assertThat(form.get("Body")).startsWith("Hur gjorde vi det? Svara på några frågor: http://localhost:8080/s/")
                .endsWith("\nSvara STOP för att avregistrera dig");
        OutboundMessage sent = onlyMessageOf(tenant, "asa");
        assertThat(sent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
        assertThat(sent.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(sent.getLanguage()).isEqualTo("sv");
        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation -> {
            assertThat(reservation.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
            assertThat(reservation.request().getRequestId()).isEqualTo(sent.getId());
        });
    }

    @Test
    void aMessagingServiceSendsInsteadOfANumberAndEnglishIsTheDefault() {
        String tenant = newTenant();
        String service = "MG" + "a".repeat(32);
        setSmsChannel(tenant, smsChannel().setFromNumber("").setMessagingServiceSid(service));
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "sam", List.of(), List.of("+447700900123"), "");
        twilioAnswers(201, CREATED);

        invite(tenant, surveyId, "sam", ContactChannel.CONTACT_CHANNEL_SMS);
        dispatcher.dispatchDue();

        Map<String, String> form = form(texts().getFirst());
        assertThat(form).containsEntry("MessagingServiceSid", service).doesNotContainKey("From");
        assertThat(form.get("Body")).startsWith("How did we do?").endsWith("\nReply STOP to opt out");
    }

    @Test
    void rateLimitedThenAcceptedIsDeferredUntilRetryAfterAndSentOnce() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "li", List.of(), List.of("+8613800138000"), "zh-Hans");
        twilio.stubFor(post(urlEqualTo(MESSAGES)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7200")
                        .withBody("{\"code\": 20429, \"message\": \"Too Many Requests\"}"))
                .willSetStateTo("calm"));
        twilio.stubFor(post(urlEqualTo(MESSAGES)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        invite(tenant, surveyId, "li", ContactChannel.CONTACT_CHANNEL_SMS);

        dispatcher.dispatchDue();
        OutboundMessage deferred = onlyMessageOf(tenant, "li");
        assertThat(deferred.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
        assertThat(deferred.getReason()).startsWith("Twilio 429 20429");
        assertThat(deferred.getNextAttemptTime().getSeconds()).as("Retry-After, later than the backoff")
                .isEqualTo(clock.instant().plusSeconds(7200).getEpochSecond());
        clock.advance(mail.maxBackoff());
        dispatcher.dispatchDue();
        assertThat(texts()).as("not before Retry-After").hasSize(1);

        clock.advance(Duration.ofHours(1));
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        assertThat(texts()).hasSize(2);
        assertThat(form(texts().getLast()).get("Body")).startsWith("我们做得怎么样？").endsWith("回复 STOP 退订");
        OutboundMessage sent = onlyMessageOf(tenant, "li");
        assertThat(sent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
        assertThat(sent.getAttempts()).isEqualTo(2);
        assertThat(customers.reservationsFor(tenant)).as("each attempt asks with the message's id").hasSize(2)
                .allSatisfy(reservation -> assertThat(reservation.request().getRequestId()).isEqualTo(sent.getId()));
    }

    @Test
    void aProviderThatKeepsFailingEndsTheMessageFailedAfterMaxAttempts() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "c-1", List.of(), List.of("+46701234568"), "en");
        twilioAnswers(503, "{\"code\": 20503, \"message\": \"Service Unavailable\"}");
        invite(tenant, surveyId, "c-1", ContactChannel.CONTACT_CHANNEL_SMS);

        for (int i = 0; i < mail.maxAttempts() + 2; i++) {
            dispatcher.dispatchDue();
            clock.advance(mail.maxBackoff());
        }

        OutboundMessage failed = onlyMessageOf(tenant, "c-1");
        assertThat(failed.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_FAILED);
        assertThat(failed.getAttempts()).isEqualTo(mail.maxAttempts());
        assertThat(failed.getReason()).contains("gave up").contains("Twilio 503");
        assertThat(texts()).hasSize(mail.maxAttempts());
    }

    @Test
    void anInvalidNumberBouncesAndAnOptedOutRecipientLosesTheirSmsConsent() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "wrong", List.of(), List.of("+15005550001"), "en");
        customers.profile(tenant, "gone", List.of(), List.of("+15005550004"), "en");
        twilio.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15005550001"))
                .willReturn(aResponse().withStatus(400).withBody("{\"code\": 21211, \"message\": \"The 'To' number"
                        + " +15005550001 is not a valid phone number.\", \"status\": 400}")));
        twilio.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B15005550004"))
                .willReturn(aResponse().withStatus(400).withBody("{\"code\": 21610, \"message\": \"Attempt to send"
                        + " to unsubscribed recipient\", \"status\": 400}")));
        invite(tenant, surveyId, "wrong", ContactChannel.CONTACT_CHANNEL_SMS);
        invite(tenant, surveyId, "gone", ContactChannel.CONTACT_CHANNEL_SMS);

        dispatcher.dispatchDue();
        clock.advance(mail.maxBackoff());
        dispatcher.dispatchDue();

        assertThat(texts()).as("never tried again").hasSize(2);
        OutboundMessage invalid = onlyMessageOf(tenant, "wrong");
        assertThat(invalid.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_BOUNCED);
        assertThat(invalid.getReason()).startsWith("Twilio 400 21211");
        assertThat(onlyMessageOf(tenant, "gone").getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_BOUNCED);
        assertThat(customers.withdrawalsFor(tenant)).singleElement().satisfies(withdrawal -> {
            assertThat(withdrawal.request().getCustomerId()).isEqualTo("gone");
            assertThat(withdrawal.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
            assertThat(withdrawal.request().getSource()).isEqualTo(MailDispatcher.SMS_OPT_OUT_SOURCE);
        });
        assertThat(reportsOf(tenant)).as("an opt-out withdraws consent; the number itself is fine")
                .singleElement().asString().startsWith(tenant + "/wrong/+15005550001: Twilio 400 21211");
    }

    private List<String> reportsOf(String tenant) {
        return customers.undeliverableReports().stream().filter(report -> report.startsWith(tenant + "/")).toList();
    }

    private OutboundMessage messageOf(String tenant, String invitationId) {
        List<OutboundMessage> messages = as(tenant, OutboundServiceGrpc.newBlockingStub(channel))
                .listOutboundMessages(ListOutboundMessagesRequest.newBuilder().setInvitationId(invitationId).build())
                .getOutboundMessagesList();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private void twilioAnswersFor(String number, int status, String body) {
        twilio.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(containing("To=" + number.replace("+", "%2B")))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private List<String> textedNumbers() {
        return texts().stream().map(text -> form(text).get("To")).toList();
    }

    @Test
    void aNumberThatCannotTakeTextsIsMarkedSoTheNextTextGoesToTheNextNumberAndWithNoneLeftNoneIsSent() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        String customer = "two-phones-" + tenant;
        customers.profile(tenant, customer, List.of(), List.of("+46705555551", "+46705555552"), "en");
        twilioAnswersFor("+46705555551", 400, "{\"code\": 21211, \"message\": \"The 'To' number +46705555551 is"
                + " not a valid phone number.\", \"status\": 400}");
        twilioAnswersFor("+46705555552", 400, "{\"code\": 21614, \"message\": \"'To' number is not a valid"
                + " mobile number\", \"status\": 400}");

        String first = invite(tenant, surveyId, customer, ContactChannel.CONTACT_CHANNEL_SMS).getInvitation().getId();
        dispatcher.dispatchDue();

        OutboundMessage bounced = messageOf(tenant, first);
        assertThat(bounced.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_BOUNCED);
        assertThat(bounced.getReason()).startsWith("Twilio 400 21211");
        assertThat(reportsOf(tenant)).as("customer-service is told, so no text goes there again").singleElement()
                .asString().startsWith(tenant + "/" + customer + "/+46705555551: Twilio 400 21211");

        String second = invite(tenant, surveyId, customer, ContactChannel.CONTACT_CHANNEL_SMS).getInvitation().getId();
        dispatcher.dispatchDue();

        assertThat(textedNumbers()).containsExactly("+46705555551", "+46705555552");
        assertThat(messageOf(tenant, second).getReason()).startsWith("Twilio 400 21614");
        assertThat(reportsOf(tenant)).hasSize(2).last().asString()
                .startsWith(tenant + "/" + customer + "/+46705555552: Twilio 400 21614");

        String third = invite(tenant, surveyId, customer, ContactChannel.CONTACT_CHANNEL_SMS).getInvitation().getId();
        dispatcher.dispatchDue();

        OutboundMessage unsent = messageOf(tenant, third);
        assertThat(unsent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_FAILED);
        assertThat(unsent.getReason()).isEqualTo("PHONE_UNDELIVERABLE");
        assertThat(unsent.getAttempts()).isZero();
        assertThat(texts()).as("nothing is sent with no number left").hasSize(2);
    }

    @Test
    void aTextTheTenantsAccountMayNotSendBouncesButLeavesTheNumberAlone() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        String customer = "abroad-" + tenant;
        customers.profile(tenant, customer, List.of(), List.of("+46706666661", "+46706666662"), "en");
        twilioAnswers(400, "{\"code\": 21408, \"message\": \"Permission to send an SMS has not been enabled for"
                + " the region indicated by the 'To' number\", \"status\": 400}");

        String first = invite(tenant, surveyId, customer, ContactChannel.CONTACT_CHANNEL_SMS).getInvitation().getId();
        dispatcher.dispatchDue();

        OutboundMessage bounced = messageOf(tenant, first);
        assertThat(bounced.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_BOUNCED);
        assertThat(bounced.getReason()).startsWith("Twilio 400 21408");
        assertThat(reportsOf(tenant)).as("the tenant's account, not the number, is at fault").isEmpty();

        invite(tenant, surveyId, customer, ContactChannel.CONTACT_CHANNEL_SMS);
        dispatcher.dispatchDue();
        assertThat(textedNumbers()).as("the next text tries the same number")
                .containsExactly("+46706666661", "+46706666661");
    }

    @Test
    void theGovernorDefersTextsInQuietHoursAndSkipsThemWithoutConsent() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        String sleeping = "sleeping-" + tenant;
        String unwilling = "unwilling-" + tenant;
        customers.profile(tenant, sleeping, List.of(), List.of("+46701111111"), "en");
        customers.profile(tenant, unwilling, List.of(), List.of("+46702222222"), "en");
        Timestamp morning = Timestamp.newBuilder().setSeconds(clock.instant().plus(Duration.ofHours(9))
                .getEpochSecond()).build();
        customers.denyOn(sleeping, ContactChannel.CONTACT_CHANNEL_SMS,
                ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS, morning);
        customers.denyOn(unwilling, ContactChannel.CONTACT_CHANNEL_SMS,
                ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, Timestamp.getDefaultInstance());
        twilioAnswers(201, CREATED);
        invite(tenant, surveyId, sleeping, ContactChannel.CONTACT_CHANNEL_SMS);
        invite(tenant, surveyId, unwilling, ContactChannel.CONTACT_CHANNEL_SMS);

        dispatcher.dispatchDue();

        assertThat(texts()).isEmpty();
        OutboundMessage deferred = onlyMessageOf(tenant, sleeping);
        assertThat(deferred.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
        assertThat(deferred.getReason()).isEqualTo("QUIET_HOURS");
        assertThat(deferred.getNextAttemptTime().getSeconds()).isEqualTo(morning.getSeconds());
        OutboundMessage skipped = onlyMessageOf(tenant, unwilling);
        assertThat(skipped.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SKIPPED);
        assertThat(skipped.getReason()).isEqualTo("NO_CONSENT");
    }

    @Test
    void eMailIsPreferredWhenBothCanGoAndATextFollowsWhenEMailIsRefusedForGood() {
        String tenant = newTenant();
        setEmailChannel(tenant);
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        String both = "both-" + tenant;
        String noMail = "no-mail-" + tenant;
        customers.profile(tenant, both, List.of("both@kund.test"), List.of("+46703333333"), "en");
        customers.profile(tenant, noMail, List.of("refused@kund.test"), List.of("+46704444444"), "en");
        customers.denyOn(noMail, ContactChannel.CONTACT_CHANNEL_EMAIL,
                ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, Timestamp.getDefaultInstance());
        twilioAnswers(201, CREATED);

        assertThat(invite(tenant, surveyId, both, ContactChannel.CONTACT_CHANNEL_EMAIL).getDelivery())
                .isEqualTo(InvitationDelivery.INVITATION_DELIVERY_EMAIL_QUEUED);
        invite(tenant, surveyId, noMail, ContactChannel.CONTACT_CHANNEL_EMAIL);
        dispatcher.dispatchDue();

        OutboundMessage mailed = onlyMessageOf(tenant, both);
        assertThat(mailed.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(mailed.getState()).as("no SMTP server listens: e-mail is retried, never texted instead")
                .isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
        assertThat(texts()).singleElement().satisfies(text ->
                assertThat(form(text)).containsEntry("To", "+46704444444"));
        OutboundMessage texted = onlyMessageOf(tenant, noMail);
        assertThat(texted.getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
        assertThat(texted.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);

        clock.advance(mail.maxBackoff());
        dispatcher.dispatchDue();
        assertThat(texts()).as("a retry keeps its channel").hasSize(1);
        assertThat(onlyMessageOf(tenant, both).getAttempts()).isEqualTo(2);
    }

    @Test
    void theChannelIsCheckedFieldByFieldItsTokenNeverShownAndAnotherTenantSeesNothing() {
        String tenant = newTenant();
        assertStatus(Status.Code.NOT_FOUND, () -> getSmsChannel(tenant));
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setAuthToken("")), "sms_channel.auth_token");

        SmsChannel stored = setSmsChannel(tenant, smsChannel());
        assertThat(stored.getAuthToken()).as("never returned").isEmpty();
        assertThat(stored.getAuthTokenSet()).isTrue();
        assertThat(stored.getReplyWebhookUrl()).isEqualTo("http://localhost:8080/sms/" + tenant + "/replies");

        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setAccountSid("")), "sms_channel.account_sid");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setAccountSid("AC123")), "sms_channel.account_sid");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setAuthToken("has space")), "sms_channel.auth_token");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setFromNumber("0701234567")),
                "sms_channel.from_number");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setFromNumber("")), "sms_channel.from_number");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setMessagingServiceSid("MG" + "0".repeat(32))),
                "sms_channel.from_number");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setFromNumber("").setMessagingServiceSid("MG1")),
                "sms_channel.messaging_service_sid");
        assertInvalid(() -> setSmsChannel(tenant, smsChannel().setAccountSid("AC" + "1".repeat(32))
                .setAuthToken("")), "sms_channel.auth_token");
        assertThat(getSmsChannel(tenant)).as("nothing changed").isEqualTo(stored);

        SmsChannel kept = setSmsChannel(tenant, smsChannel().setAuthToken("").setFromNumber("+46109999999"));
        assertThat(kept.getAuthTokenSet()).as("the token is kept for the same account").isTrue();
        assertThat(getSmsChannel(tenant).getFromNumber()).isEqualTo("+46109999999");
        assertStatus(Status.Code.NOT_FOUND, () -> getSmsChannel(newTenant()));
    }

    @Test
    void aSignedStopReplyWithdrawsSmsConsentOfTheCustomersTextedAtTheNumberAndABadSignatureChangesNothing() {
        String tenant = newTenant();
        setSmsChannel(tenant, smsChannel());
        String surveyId = publishedSurvey(tenant);
        customers.profile(tenant, "texted", List.of(), List.of("+46705555555"), "en");
        customers.profile(tenant, "other", List.of(), List.of("+46706666666"), "en");
        twilioAnswers(201, CREATED);
        invite(tenant, surveyId, "texted", ContactChannel.CONTACT_CHANNEL_SMS);
        invite(tenant, surveyId, "other", ContactChannel.CONTACT_CHANNEL_SMS);
        dispatcher.dispatchDue();

        List<SmsReplySignature.Parameter> stop = List.of(new SmsReplySignature.Parameter("From", "+46705555555"),
                new SmsReplySignature.Parameter("To", FROM), new SmsReplySignature.Parameter("Body", " stop "),
                new SmsReplySignature.Parameter("MessageSid", "SM" + "2".repeat(32)),
                new SmsReplySignature.Parameter("AccountSid", ACCOUNT));
        String url = properties.invitations().smsReplyUrl(new TenantId(tenant));
        String signature = SmsReplySignature.sign(TOKEN, url, stop);

        assertStatus(Status.Code.PERMISSION_DENIED, () -> reply(tenant, stop, signature.substring(1) + "A"));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> reply(tenant, stop, ""));
        assertStatus(Status.Code.PERMISSION_DENIED, () -> reply(newTenant(), stop, signature));
        assertThat(customers.withdrawalsFor(tenant)).as("nothing changed").isEmpty();

        List<SmsReplySignature.Parameter> hello = List.of(new SmsReplySignature.Parameter("From", "+46705555555"),
                new SmsReplySignature.Parameter("Body", "Thanks!"),
                new SmsReplySignature.Parameter("AccountSid", ACCOUNT));
        assertThat(reply(tenant, hello, SmsReplySignature.sign(TOKEN, url, hello))).isFalse();
        assertThat(customers.withdrawalsFor(tenant)).isEmpty();

        assertThat(reply(tenant, stop, signature)).isTrue();
        assertThat(customers.withdrawalsFor(tenant)).singleElement().satisfies(withdrawal -> {
            assertThat(withdrawal.request().getCustomerId()).isEqualTo("texted");
            assertThat(withdrawal.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS);
            assertThat(withdrawal.request().getSource()).isEqualTo("sms-stop");
        });
    }

    private boolean reply(String tenant, List<SmsReplySignature.Parameter> parameters, String signature) {
        return RespondentServiceGrpc.newBlockingStub(channel).receiveSmsReply(ReceiveSmsReplyRequest.newBuilder()
                .setTenant(tenant).setSignature(signature)
                .addAllParameters(parameters.stream().map(parameter -> SmsReplyParameter.newBuilder()
                        .setName(parameter.name()).setValue(parameter.value()).build()).toList())
                .build()).getOptedOut();
    }
}
