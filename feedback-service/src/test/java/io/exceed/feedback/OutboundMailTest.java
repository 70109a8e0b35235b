package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.MailParts.part;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.client.CustomerContactGovernor;
import io.exceed.feedback.client.CustomerServiceProfiles;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.config.MailProperties;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.outbound.MailTransport;
import io.exceed.feedback.domain.outbound.MessageWording;
import io.exceed.feedback.domain.outbound.OutboundMessages;
import io.exceed.feedback.domain.recovery.Recoveries;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.unsubscribe.Unsubscribes;
import io.exceed.feedback.store.MongoEmailChannelStore;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.MongoOutboundMessageStore;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateInvitationResponse;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.EmailReminders;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.GetEmailChannelRequest;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.InvitationDelivery;
import io.exceed.feedback.v1.ListOutboundMessagesRequest;
import io.exceed.feedback.v1.OutboundMessage;
import io.exceed.feedback.v1.OutboundMessageKind;
import io.exceed.feedback.v1.OutboundMessageState;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SubmitResponseRequest;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.grpc.Status;
import jakarta.mail.internet.MimeMessage;

/**
 * The platform e-mails invitations itself for tenants with an e-mail channel: the channel is set and shown over
 * gRPC (the password never), each message is stored before it is sent, sent once by whichever replica claims it,
 * retried after temporary failures and ended by permanent ones; GreenMail, a real SMTP server on loopback,
 * receives the e-mails.
 */
class OutboundMailTest extends FeedbackServiceTestBase {

    private static final Pattern LINK = Pattern.compile("http://localhost:8080/s/([A-Za-z0-9_-]+)");
    private static GreenMail smtp;

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MailDispatcher dispatcher;
    @Autowired
    private MongoDatabase database;
    @Autowired
    private MongoEmailChannelStore channelStore;
    @Autowired
    private InvitationStore invitationStore;
    @Autowired
    private ComplaintStore complaintStore;
    @Autowired
    private OutboundMessages outboundMessages;
    @Autowired
    private MailTransport transport;
    @Autowired
    private ServiceClients clients;
    @Autowired
    private MailProperties mail;
    @Autowired
    private FeedbackProperties properties;
    @Autowired
    private MongoEventFeed feed;
    @Autowired
    private FeedDelivery<FeedbackEvent> recoveryDelivery;
    @Autowired
    private FeedDelivery<FeedbackEvent> mailDelivery;
    @Autowired
    private Recoveries recoveries;
    @Autowired
    private Unsubscribes unsubscribes;
    @Autowired
    private MessageWording wording;
    @Autowired
    private MailDispatcher.Texts texts;

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

    private static EmailChannel.Builder channelTo(int port) {
        return EmailChannel.newBuilder().setSmtpHost("127.0.0.1").setSmtpPort(port)
                .setSenderAddress("Acme Surveys <surveys@acme.test>").setReplyToAddress("care@acme.test");
    }

    private EmailChannel setChannel(String tenant, EmailChannel.Builder channel) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(this.channel)).updateEmailChannel(
                UpdateEmailChannelRequest.newBuilder().setEmailChannel(channel).build());
    }

    private EmailChannel getChannel(String tenant) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(channel)).getEmailChannel(
                GetEmailChannelRequest.getDefaultInstance());
    }

    private String publishedSurvey(String tenant, SurveyPurpose purpose) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String id = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey().setPurpose(purpose))
                .build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
        return id;
    }

    private CreateInvitationResponse invite(String tenant, String surveyId, String customerId) {
        return as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(CreateInvitationRequest
                .newBuilder().setActor("crm-sync").setInvitation(Invitation.newBuilder().setSurveyId(surveyId)
                        .setCustomerId(customerId).setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL))
                .build());
    }

    private List<OutboundMessage> messagesOf(String tenant, String customerId) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(channel)).listOutboundMessages(
                ListOutboundMessagesRequest.newBuilder().setCustomerId(customerId).build()).getOutboundMessagesList();
    }

    private OutboundMessage onlyMessageOf(String tenant, String customerId) {
        List<OutboundMessage> messages = messagesOf(tenant, customerId);
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    /** The first message queued: the invitation's own, which a reminder follows once it is sent. */
    private OutboundMessage invitationMessageOf(String tenant, String customerId) {
        return messagesOf(tenant, customerId).getFirst();
    }

    private List<MimeMessage> received(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void anInvitationIsEmailedOnceInTheCustomersLanguageWithALinkThatOpensTheSurvey() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "asa", "asa@kund.test", "sv-FI");
        customers.profile(tenant, "li", "li@kehu.test", "zh-Hans");

        CreateInvitationResponse created = invite(tenant, surveyId, "asa");
        assertThat(created.getDelivery()).isEqualTo(InvitationDelivery.INVITATION_DELIVERY_EMAIL_QUEUED);
        assertThat(created.getToken()).as("the platform sends the link; nobody else sees it").isEmpty();
        assertThat(created.getSurveyUrl()).isEmpty();
        OutboundMessage queued = onlyMessageOf(tenant, "asa");
        assertThat(queued.getId()).isEqualTo(created.getOutboundMessageId());
        assertThat(queued.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_QUEUED);
        assertThat(queued.getKind()).isEqualTo(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_SURVEY_INVITATION);
        assertThat(queued.getInvitationId()).isEqualTo(created.getInvitation().getId());
        assertThat(customers.reservationsFor(tenant)).as("the governor is asked when it is sent").isEmpty();
        invite(tenant, surveyId, "li");

        dispatcher.dispatchDue();
        dispatcher.dispatchDue();

        MimeMessage swedish = received("asa@kund.test").getFirst();
        assertThat(received("asa@kund.test")).as("sent once, however often the dispatcher runs").hasSize(1);
        assertThat(swedish.getMessageID()).isEqualTo("<" + queued.getId() + "@acme.test>");
        assertThat(swedish.getFrom()[0].toString()).isEqualTo("Acme Surveys <surveys@acme.test>");
        assertThat(swedish.getReplyTo()[0].toString()).isEqualTo("care@acme.test");
        assertThat(swedish.getSubject()).isEqualTo("Hur gjorde vi det?");
        assertThat(swedish.getHeader("Content-Language")).containsExactly("sv");
        String text = part(swedish, "text/plain");
        String html = part(swedish, "text/html");
        assertThat(text).contains("Vi vill gärna veta hur vi lyckades.");
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as("the survey link in %s", text).isTrue();
        assertThat(html).contains("<a href=\"" + link.group() + "\">Svara på enkäten</a>").contains("lang=\"sv\"");
        assertThat(RespondentServiceGrpc.newBlockingStub(channel).getSurveyForm(GetSurveyFormRequest.newBuilder()
                .setToken(link.group(1)).build()).getQuestionsCount()).as("the link opens the survey").isPositive();

        assertThat(received("li@kehu.test")).singleElement()
                .satisfies(chinese -> assertThat(chinese.getSubject()).isEqualTo("我们做得怎么样？"));
        OutboundMessage sent = messagesOf(tenant, "asa").getFirst();
        assertThat(sent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
        assertThat(sent.getLanguage()).isEqualTo("sv");
        assertThat(sent.getAttempts()).isEqualTo(1);
        assertThat(sent.hasSendTime()).isTrue();
        assertThat(customers.reservationsFor(tenant)).hasSize(2).allSatisfy(reservation -> {
            assertThat(reservation.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_EMAIL);
            assertThat(reservation.request().getPurpose())
                    .isEqualTo(ContactPurpose.CONTACT_PURPOSE_TRANSACTIONAL_SURVEY);
        }).anySatisfy(reservation -> assertThat(reservation.request().getRequestId()).isEqualTo(queued.getId()));
    }

    @Test
    void aTenantWithoutAChannelGetsTheLinkBackAsBefore() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "c-1", "c1@kund.test", "en");

        CreateInvitationResponse created = invite(tenant, surveyId, "c-1");

        assertThat(created.getDelivery()).isEqualTo(InvitationDelivery.INVITATION_DELIVERY_LINK_RETURNED);
        assertThat(created.getToken()).isNotEmpty();
        assertThat(created.getSurveyUrl()).endsWith(created.getToken());
        assertThat(created.getOutboundMessageId()).isEmpty();
        assertThat(messagesOf(tenant, "c-1")).isEmpty();
        assertStatus(Status.Code.NOT_FOUND, () -> getChannel(tenant));
    }

    @Test
    void anInvitationOnAnotherChannelStillReturnsItsLinkAfterTheGovernorGrantedIt() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);

        CreateInvitationResponse created = as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(
                CreateInvitationRequest.newBuilder().setActor("crm-sync").setInvitation(Invitation.newBuilder()
                        .setSurveyId(surveyId).setCustomerId("by-text").setChannel(ContactChannel.CONTACT_CHANNEL_SMS))
                        .build());

        assertThat(created.getDelivery()).isEqualTo(InvitationDelivery.INVITATION_DELIVERY_LINK_RETURNED);
        assertThat(created.getToken()).isNotEmpty();
        assertThat(messagesOf(tenant, "by-text")).isEmpty();
        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation ->
                assertThat(reservation.request().getChannel()).isEqualTo(ContactChannel.CONTACT_CHANNEL_SMS));
    }

    @Test
    void badConfigurationIsRefusedNamingTheFieldAndChangesNothing() {
        String tenant = newTenant();
        EmailChannel stored = setChannel(tenant, channelTo(2525).setUsername("mailer").setPassword("s3cret"));
        assertThat(stored.getPassword()).as("never returned").isEmpty();
        assertThat(stored.getPasswordSet()).isTrue();

        assertInvalid(() -> setChannel(tenant, channelTo(2525).setSenderAddress("not an address")),
                "email_channel.sender_address");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setSenderAddress("")), "email_channel.sender_address");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setSmtpHost("")), "email_channel.smtp_host");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setSmtpHost("mail server!")), "email_channel.smtp_host");
        assertInvalid(() -> setChannel(tenant, channelTo(70000)), "email_channel.smtp_port");
        assertInvalid(() -> setChannel(tenant, channelTo(-1)), "email_channel.smtp_port");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setPassword("alone")), "email_channel.password");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setReplyToAddress("a@b@c")),
                "email_channel.reply_to_address");

        EmailChannel unchanged = getChannel(tenant);
        assertThat(unchanged).isEqualTo(stored);
        assertThat(unchanged.getPassword()).isEmpty();
        assertThat(database.getCollection("email_channels").find().first().toJson())
                .as("stored encrypted").doesNotContain("s3cret");
        assertThat(channelStore.find(new TenantId(tenant)).orElseThrow().password()).isEqualTo("s3cret");

        EmailChannel portChanged = setChannel(tenant, channelTo(0).setUsername("mailer"));
        assertThat(portChanged.getSmtpPort()).as("0 means submission").isEqualTo(587);
        assertThat(portChanged.getPasswordSet()).as("kept for the same username").isTrue();
        assertThat(channelStore.find(new TenantId(tenant)).orElseThrow().password()).isEqualTo("s3cret");
        assertThat(setChannel(tenant, channelTo(0).setUsername("other")).getPasswordSet())
                .as("not kept for another username").isFalse();
    }

    @Test
    void aTemporaryFailureIsRetriedWithBackoffAndTheMessageIsSentOnce() {
        String tenant = newTenant();
        int port = LoopbackSmtp.freePort();
        setChannel(tenant, channelTo(port));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "c-1", "later@kund.test", "en");
        invite(tenant, surveyId, "c-1");

        dispatcher.dispatchDue();
        OutboundMessage deferred = onlyMessageOf(tenant, "c-1");
        assertThat(deferred.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
        assertThat(deferred.getReason()).contains("unreachable");
        assertThat(deferred.getAttempts()).isEqualTo(1);
        assertThat(deferred.getNextAttemptTime().getSeconds())
                .isEqualTo(clock.instant().plus(mail.firstBackoff()).getEpochSecond());

        GreenMail late = new GreenMail(new ServerSetup(port, InetAddress.getLoopbackAddress().getHostAddress(),
                ServerSetup.PROTOCOL_SMTP));
        late.start();
        try {
            dispatcher.dispatchDue();
            assertThat(late.getReceivedMessages()).as("not before the backoff").isEmpty();
            clock.advance(mail.firstBackoff());
            dispatcher.dispatchDue();
            clock.advance(mail.maxBackoff());
            dispatcher.dispatchDue();

            assertThat(late.getReceivedMessages()).hasSize(1);
            OutboundMessage sent = invitationMessageOf(tenant, "c-1");
            assertThat(sent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
            assertThat(sent.getAttempts()).isEqualTo(2);
            assertThat(customers.reservationsFor(tenant)).as("each attempt asks with the message's id")
                    .hasSize(2).allSatisfy(reservation ->
                            assertThat(reservation.request().getRequestId()).isEqualTo(sent.getId()));
        } finally {
            late.stop();
        }
    }

    @Test
    void aMessageThatKeepsFailingIsGivenUpAfterTheLastAttempt() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(LoopbackSmtp.freePort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "c-1", "never@kund.test", "en");
        invite(tenant, surveyId, "c-1");

        for (int attempt = 0; attempt < mail.maxAttempts() + 2; attempt++) {
            dispatcher.dispatchDue();
            clock.advance(mail.maxBackoff());
        }

        OutboundMessage failed = onlyMessageOf(tenant, "c-1");
        assertThat(failed.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_FAILED);
        assertThat(failed.getAttempts()).isEqualTo(mail.maxAttempts());
        assertThat(failed.getReason()).startsWith("gave up after " + mail.maxAttempts() + " attempts: ")
                .contains("unreachable");
    }

    @Test
    void anUnknownMailboxBouncesWithTheServersReason() throws Exception {
        String tenant = newTenant();
        try (RefusingSmtpServer refusing = new RefusingSmtpServer()) {
            setChannel(tenant, channelTo(refusing.port()));
            String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
            customers.profile(tenant, "gone", "gone@kund.test", "en");
            invite(tenant, surveyId, "gone");

            dispatcher.dispatchDue();
            clock.advance(mail.maxBackoff());
            dispatcher.dispatchDue();
        }

        OutboundMessage bounced = onlyMessageOf(tenant, "gone");
        assertThat(bounced.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_BOUNCED);
        assertThat(bounced.getReason()).startsWith("SMTP 550 5.1.1").contains("unknown mailbox");
        assertThat(bounced.getAttempts()).as("never tried again").isEqualTo(1);
        assertThat(bounced.hasNextAttemptTime()).isFalse();
        assertThat(customers.undeliverableReports()).as("customer-service is told, so nothing goes there again")
                .filteredOn(report -> report.startsWith(tenant + "/")).singleElement().asString()
                .startsWith(tenant + "/gone/gone@kund.test: SMTP 550 5.1.1");
    }

    @Test
    void aBouncedAddressIsPassedOverForTheCustomersNextOneAndWithNoneLeftTheMessageIsNotSent() throws Exception {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "two", List.of("old@kund.test", "new@kund.test"), "en");
        customers.profile(tenant, "one", List.of("only@kund.test"), "en");
        try (RefusingSmtpServer refusing = new RefusingSmtpServer()) {
            setChannel(tenant, channelTo(refusing.port()));
            invite(tenant, surveyId, "two");
            dispatcher.dispatchDue();
        }
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));

        invite(tenant, surveyId, "two");
        invite(tenant, surveyId, "one");
        customers.undeliverable(tenant, "one", "only@kund.test");
        takeFeedAndSend();

        assertThat(received("new@kund.test")).as("the address mail still reaches").hasSize(1);
        assertThat(received("old@kund.test")).isEmpty();
        assertThat(messagesOf(tenant, "one")).singleElement().satisfies(message -> {
            assertThat(message.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_FAILED);
            assertThat(message.getReason()).isEqualTo("EMAIL_UNDELIVERABLE");
        });
        assertThat(received("only@kund.test")).isEmpty();
    }

    @Test
    void theGovernorDefersForQuietHoursAndSkipsWithoutConsent() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        String sleeping = "sleeping-" + tenant;
        String unwilling = "unwilling-" + tenant;
        customers.profile(tenant, sleeping, "sleeping@kund.test", "en");
        customers.profile(tenant, unwilling, "unwilling@kund.test", "en");
        Instant morning = clock.instant().plus(Duration.ofHours(9));
        customers.deny(sleeping, ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS,
                Timestamp.newBuilder().setSeconds(morning.getEpochSecond()).build());
        customers.deny(unwilling, ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT, Timestamp.getDefaultInstance());
        invite(tenant, surveyId, sleeping);
        invite(tenant, surveyId, unwilling);

        dispatcher.dispatchDue();

        OutboundMessage deferred = onlyMessageOf(tenant, sleeping);
        assertThat(deferred.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
        assertThat(deferred.getReason()).isEqualTo("QUIET_HOURS");
        assertThat(deferred.getNextAttemptTime().getSeconds()).isEqualTo(morning.getEpochSecond());
        assertThat(deferred.getAttempts()).as("nothing was sent").isZero();
        OutboundMessage skipped = onlyMessageOf(tenant, unwilling);
        assertThat(skipped.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SKIPPED);
        assertThat(skipped.getReason()).isEqualTo("NO_CONSENT");
        assertThat(received("sleeping@kund.test")).isEmpty();
        assertThat(received("unwilling@kund.test")).isEmpty();
    }

    @Test
    void twoDispatchersRacingOverOneQueueSendEachMessageOnce() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        int count = 12;
        for (int i = 0; i < count; i++) {
            customers.profile(tenant, "c-" + i, "c" + i + "@race.test", "en");
            invite(tenant, surveyId, "c-" + i);
        }
        MailDispatcher other = dispatcherOn("replica-b");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Void>> racing = new ArrayList<>();
        for (MailDispatcher replica : List.of(dispatcher, other)) {
            racing.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int pass = 0; pass < 5; pass++) {
                    replica.dispatchDue();
                }
            }));
        }
        CompletableFuture.allOf(racing.toArray(CompletableFuture[]::new)).get();

        List<MimeMessage> mails = Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().endsWith("@race.test");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(mails).hasSize(count);
        Set<String> ids = new HashSet<>();
        for (MimeMessage message : mails) {
            ids.add(message.getMessageID());
        }
        assertThat(ids).as("each message once").hasSize(count);
    }

    @Test
    void aReplicaThatStopsMidSendHoldsItsMessagesOnlyUntilTheLeaseEnds() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "c-1", "stalled@kund.test", "en");
        invite(tenant, surveyId, "c-1");
        MongoOutboundMessageStore crashed = storeOn("crashed-replica");
        assertThat(crashed.claimDue(clock.instant(), mail.lease(), 100)).as("claimed, then the replica stops")
                .isNotEmpty();

        dispatcher.dispatchDue();
        assertThat(received("stalled@kund.test")).as("held by the stopped replica's lease").isEmpty();

        clock.advance(mail.lease().plusSeconds(1));
        dispatcher.dispatchDue();
        dispatcher.dispatchDue();
        assertThat(received("stalled@kund.test")).hasSize(1);

        OutboundMessage sent = invitationMessageOf(tenant, "c-1");
        crashed.deferred(new TenantId(tenant), sent.getId(), "late outcome", 1, clock.instant());
        assertThat(invitationMessageOf(tenant, "c-1").getState()).as("a lost lease writes nothing")
                .isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
    }

    @Test
    void aResolvedComplaintsRecoverySurveyIsEmailed() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_RECOVERY);
        String customerId = "recovering-" + tenant;
        customers.profile(tenant, customerId, "recovering@kund.test", "zh-Hans");
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        String complaintId = complaints.createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint(customerId)).build()).getId();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setResolution(withRootCause()).build());

        clock.advance(properties.recovery().delay());
        feed.relayOnce();
        recoveryDelivery.runOnce();
        recoveries.issueDue();
        dispatcher.dispatchDue();

        OutboundMessage sent = invitationMessageOf(tenant, customerId);
        assertThat(sent.getKind()).isEqualTo(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_RECOVERY_INVITATION);
        assertThat(messagesOf(tenant, customerId).get(1).getKind()).as("its reminder, queued")
                .isEqualTo(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_REMINDER);
        assertThat(sent.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
        MimeMessage recovery = received("recovering@kund.test").getFirst();
        assertThat(recovery.getSubject()).isEqualTo("我们解决好您的问题了吗？");
        assertThat(part(recovery, "text/plain")).containsPattern(LINK);
        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation -> {
            assertThat(reservation.request().getPurpose()).isEqualTo(ContactPurpose.CONTACT_PURPOSE_RECOVERY);
            assertThat(reservation.request().getRequestId()).isEqualTo(sent.getId());
        });
    }

    @Test
    void anotherTenantSeesNeitherTheChannelNorTheMessages() {
        String tenant = newTenant();
        String other = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "c-1", "mine@kund.test", "en");
        CreateInvitationResponse created = invite(tenant, surveyId, "c-1");

        assertStatus(Status.Code.NOT_FOUND, () -> getChannel(other));
        assertThat(messagesOf(other, "c-1")).isEmpty();
        assertThat(as(other, OutboundServiceGrpc.newBlockingStub(channel)).listOutboundMessages(
                ListOutboundMessagesRequest.newBuilder().setInvitationId(created.getInvitation().getId()).build())
                .getOutboundMessagesList()).isEmpty();
        assertInvalid(() -> as(other, OutboundServiceGrpc.newBlockingStub(channel)).listOutboundMessages(
                ListOutboundMessagesRequest.getDefaultInstance()), "customer_id");
    }

    @Test
    void anErasedCustomersUnsentMessageIsSkippedAndKeepsNeitherTheIdNorTheLink() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "leaving", "leaving@kund.test", "en");
        String messageId = invite(tenant, surveyId, "leaving").getOutboundMessageId();

        as(tenant, FeedbackErasureServiceGrpc.newBlockingStub(channel)).pseudonymizeCustomer(
                PseudonymizeCustomerRequest.newBuilder().setCustomerId("leaving").setPseudonym("erased-1").build());
        dispatcher.dispatchDue();

        assertThat(messagesOf(tenant, "leaving")).isEmpty();
        OutboundMessage skipped = onlyMessageOf(tenant, "erased-1");
        assertThat(skipped.getId()).isEqualTo(messageId);
        assertThat(skipped.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SKIPPED);
        assertThat(skipped.getReason()).isEqualTo("INVITATION_REVOKED");
        assertThat(received("leaving@kund.test")).isEmpty();
        assertThat(database.getCollection("outbound_messages").find(com.mongodb.client.model.Filters.eq("_id",
                messageId)).first()).doesNotContainKey("encryptedSurveyToken");
    }

    private String sentLinkToken(MimeMessage message) throws Exception {
        Matcher link = LINK.matcher(part(message, "text/plain"));
        assertThat(link.find()).as("a survey link").isTrue();
        return link.group(1);
    }

    private void answer(String token) {
        RespondentServiceGrpc.newBlockingStub(channel).submitResponse(SubmitResponseRequest.newBuilder()
                .setToken(token).addAnswers(score("nps", 9)).build());
    }

    private static List<String> subjects(List<MimeMessage> messages) {
        return messages.stream().map(message -> {
            try {
                return message.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static EmailReminders.Builder reminders(int delayDays, int maxReminders) {
        return EmailReminders.newBuilder().setDelayDays(delayDays).setMaxReminders(maxReminders);
    }

    /** The feed's new answers and complaints taken, then what is due sent. */
    private void takeFeedAndSend() {
        feed.relayOnce();
        mailDelivery.runOnce();
        dispatcher.dispatchDue();
    }

    @Test
    void aNonResponderIsRemindedAfterTheDelayWithTheSameLinkOnceByDefault() throws Exception {
        String tenant = newTenant();
        EmailChannel stored = setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        assertThat(stored.getReminders()).as("the default").isEqualTo(reminders(3, 1).build());
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "quiet", "quiet@kund.test", "en");
        invite(tenant, surveyId, "quiet");

        dispatcher.dispatchDue();
        String token = sentLinkToken(received("quiet@kund.test").getFirst());
        List<OutboundMessage> queued = messagesOf(tenant, "quiet");
        assertThat(queued).hasSize(2);
        OutboundMessage reminder = queued.get(1);
        assertThat(reminder.getKind()).isEqualTo(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_REMINDER);
        assertThat(reminder.getReminderNumber()).isEqualTo(1);
        assertThat(reminder.getInvitationId()).isEqualTo(queued.getFirst().getInvitationId());
        assertThat(reminder.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_QUEUED);
        assertThat(reminder.getNextAttemptTime().getSeconds())
                .isEqualTo(clock.instant().plus(Duration.ofDays(3)).getEpochSecond());

        clock.advance(Duration.ofDays(3).minusMinutes(1));
        dispatcher.dispatchDue();
        assertThat(received("quiet@kund.test")).as("not before the delay").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        dispatcher.dispatchDue();
        List<MimeMessage> mails = received("quiet@kund.test");
        assertThat(subjects(mails)).containsExactly("How did we do?", "A reminder: how did we do?");
        assertThat(sentLinkToken(mails.get(1))).as("the same link: only one token works").isEqualTo(token);
        assertThat(part(mails.get(1), "text/html")).contains("<a href=\"http://localhost:8080/s/" + token + "\">");
        assertThat(RespondentServiceGrpc.newBlockingStub(channel).getSurveyForm(GetSurveyFormRequest.newBuilder()
                .setToken(token).build()).getQuestionsCount()).as("the reminder's link opens the survey").isPositive();
        assertThat(customers.reservationsFor(tenant)).as("a reminder asks the governor like the others")
                .anySatisfy(reservation -> {
                    assertThat(reservation.request().getRequestId()).isEqualTo(reminder.getId());
                    assertThat(reservation.request().getPurpose())
                            .isEqualTo(ContactPurpose.CONTACT_PURPOSE_TRANSACTIONAL_SURVEY);
                });

        clock.advance(Duration.ofDays(7));
        dispatcher.dispatchDue();
        assertThat(received("quiet@kund.test")).as("one reminder by default").hasSize(2);
        assertThat(messagesOf(tenant, "quiet")).hasSize(2);
    }

    @Test
    void aTenantsRemindersComeAtItsDelayAndNoMoreThanItsNumber() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()).setReminders(reminders(2, 2)));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "slow", "slow@kund.test", "sv");
        invite(tenant, surveyId, "slow");

        for (int pass = 0; pass < 5; pass++) {
            dispatcher.dispatchDue();
            dispatcher.dispatchDue();
            clock.advance(Duration.ofDays(2));
        }

        assertThat(subjects(received("slow@kund.test"))).containsExactly("Hur gjorde vi det?",
                "Påminnelse: hur gjorde vi det?", "Påminnelse: hur gjorde vi det?");
        assertThat(messagesOf(tenant, "slow")).extracting(OutboundMessage::getReminderNumber).containsExactly(0, 1, 2);
        assertThat(messagesOf(tenant, "slow")).allSatisfy(message ->
                assertThat(message.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT));
        EmailChannel none = setChannel(tenant, channelTo(smtp.getSmtp().getPort()).setReminders(reminders(0, 0)));
        assertThat(none.getReminders().getMaxReminders()).as("none is a setting").isZero();
    }

    @Test
    void badReminderSettingsAreRefusedNamingTheField() {
        String tenant = newTenant();
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setReminders(reminders(0, 1))),
                "email_channel.reminders.delay_days");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setReminders(reminders(31, 1))),
                "email_channel.reminders.delay_days");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setReminders(reminders(3, 6))),
                "email_channel.reminders.max_reminders");
        assertInvalid(() -> setChannel(tenant, channelTo(2525).setReminders(reminders(3, -1))),
                "email_channel.reminders.max_reminders");
        assertStatus(Status.Code.NOT_FOUND, () -> getChannel(tenant));
    }

    @Test
    void anAnsweredInvitationGetsNoReminderAndOneThankYouHoweverOftenTheAnswerIsDelivered() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "kind", "kind@kehu.test", "zh-Hans");
        invite(tenant, surveyId, "kind");
        dispatcher.dispatchDue();
        OutboundMessage reminder = messagesOf(tenant, "kind").get(1);

        answer(sentLinkToken(received("kind@kehu.test").getFirst()));
        takeFeedAndSend();
        // A redelivery: the consumer's cursor set back, as after a crash before the delivery was recorded.
        database.getCollection("feed_deliveries").updateOne(com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.eq("consumer", "outbound-mail"),
                com.mongodb.client.model.Filters.eq("tenant", tenant)),
                com.mongodb.client.model.Updates.set("delivered", 0L));
        assertThat(mailDelivery.runOnce()).as("the answer delivered again").isPositive();
        clock.advance(Duration.ofDays(3));
        takeFeedAndSend();

        assertThat(subjects(received("kind@kehu.test"))).containsExactly("我们做得怎么样？", "感谢您的回答");
        List<OutboundMessage> messages = messagesOf(tenant, "kind");
        assertThat(messages).extracting(OutboundMessage::getKind).containsExactly(
                OutboundMessageKind.OUTBOUND_MESSAGE_KIND_SURVEY_INVITATION,
                OutboundMessageKind.OUTBOUND_MESSAGE_KIND_REMINDER,
                OutboundMessageKind.OUTBOUND_MESSAGE_KIND_THANK_YOU);
        assertThat(messages.get(1).getId()).isEqualTo(reminder.getId());
        assertThat(messages.get(1).getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SKIPPED);
        assertThat(messages.get(1).getReason()).isEqualTo("INVITATION_RESPONDED");
        assertThat(messages.get(2).getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SENT);
        assertThat(part(received("kind@kehu.test").get(1), "text/plain")).contains("感谢您抽出时间回答我们的问题")
                .doesNotContainPattern(LINK);
    }

    @Test
    void anInvitationGetsNoReminderAfterItExpires() {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
        customers.profile(tenant, "brief", "brief@kund.test", "en");
        customers.profile(tenant, "late", "late@kund.test", "en");
        Instant inTwoDays = clock.instant().plus(Duration.ofDays(2));
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(CreateInvitationRequest.newBuilder()
                .setActor("crm-sync").setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("brief")
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL).setExpireTime(Timestamp.newBuilder()
                                .setSeconds(inTwoDays.getEpochSecond())))
                .build());
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createInvitation(CreateInvitationRequest.newBuilder()
                .setActor("crm-sync").setInvitation(Invitation.newBuilder().setSurveyId(surveyId).setCustomerId("late")
                        .setChannel(ContactChannel.CONTACT_CHANNEL_EMAIL).setExpireTime(Timestamp.newBuilder()
                                .setSeconds(inTwoDays.plus(Duration.ofDays(2)).getEpochSecond())))
                .build());

        dispatcher.dispatchDue();
        assertThat(messagesOf(tenant, "brief")).as("a reminder after the expiry is never queued").hasSize(1);
        assertThat(messagesOf(tenant, "late")).hasSize(2);

        // Due on day 3, but no replica sends until day 5: the invitation expired meanwhile.
        clock.advance(Duration.ofDays(5));
        dispatcher.dispatchDue();

        OutboundMessage reminder = messagesOf(tenant, "late").get(1);
        assertThat(reminder.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_SKIPPED);
        assertThat(reminder.getReason()).isEqualTo("INVITATION_EXPIRED");
        assertThat(received("late@kund.test")).hasSize(1);
        assertThat(received("brief@kund.test")).hasSize(1);
    }

    @Test
    void aComplaintIsAcknowledgedByEmailInItsLanguageOnce() throws Exception {
        String tenant = newTenant();
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        String customerId = "klagande-" + tenant;
        customers.profile(tenant, customerId, "klagande@kund.test", "sv");
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        String complaintId = complaints.createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint(customerId).setLanguage("sv")).build()).getId();

        takeFeedAndSend();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setResolution(withRootCause()).build());
        complaints.reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setReason("still broken").build());
        takeFeedAndSend();

        MimeMessage acknowledgement = received("klagande@kund.test").getFirst();
        assertThat(received("klagande@kund.test")).as("once, though the complaint was opened again").hasSize(1);
        assertThat(acknowledgement.getSubject()).isEqualTo("Vi har tagit emot ditt klagomål");
        assertThat(acknowledgement.getHeader("Content-Language")).containsExactly("sv");
        assertThat(part(acknowledgement, "text/plain")).contains("Tack för att du berättade det här för oss.")
                .contains(complaintId);
        OutboundMessage sent = onlyMessageOf(tenant, customerId);
        assertThat(sent.getKind()).isEqualTo(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_COMPLAINT_ACKNOWLEDGEMENT);
        assertThat(sent.getComplaintId()).isEqualTo(complaintId);
        assertThat(sent.getInvitationId()).isEmpty();
        assertThat(customers.reservationsFor(tenant)).singleElement().satisfies(reservation ->
                assertThat(reservation.request().getPurpose())
                        .isEqualTo(ContactPurpose.CONTACT_PURPOSE_COMPLAINT_ACKNOWLEDGEMENT));
    }

    @Test
    void aTemporarySmtpRefusalIsRetriedWithDoublingBackoff() throws Exception {
        String tenant = newTenant();
        try (RefusingSmtpServer greylisting = new RefusingSmtpServer(RefusingSmtpServer.TRY_LATER)) {
            setChannel(tenant, channelTo(greylisting.port()));
            String surveyId = publishedSurvey(tenant, SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL);
            customers.profile(tenant, "grey", "grey@kund.test", "en");
            invite(tenant, surveyId, "grey");

            List<Long> waits = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                dispatcher.dispatchDue();
                OutboundMessage deferred = onlyMessageOf(tenant, "grey");
                assertThat(deferred.getState()).isEqualTo(OutboundMessageState.OUTBOUND_MESSAGE_STATE_DEFERRED);
                assertThat(deferred.getReason()).startsWith("SMTP 451 4.7.1");
                assertThat(deferred.getAttempts()).isEqualTo(attempt + 1);
                long wait = deferred.getNextAttemptTime().getSeconds() - clock.instant().getEpochSecond();
                waits.add(wait);
                clock.advance(Duration.ofSeconds(wait));
            }
            long first = mail.firstBackoff().toSeconds();
            assertThat(waits).containsExactly(first, 2 * first, 4 * first, 8 * first);
        }
        setChannel(tenant, channelTo(smtp.getSmtp().getPort()));
        dispatcher.dispatchDue();
        assertThat(received("grey@kund.test")).as("sent once the server takes it").hasSize(1);
    }

    private MongoOutboundMessageStore storeOn(String replica) {
        return new MongoOutboundMessageStore(database, Optional.of(new SecretCipher(MongoOutboundMessageStore.TOKENS,
                mail.secretKey(), mail.previousSecretKeys())), replica, clock);
    }

    private MailDispatcher dispatcherOn(String replica) {
        return new MailDispatcher(storeOn(replica), outboundMessages, channelStore, invitationStore, complaintStore,
                new CustomerServiceProfiles(clients), Optional.of(new CustomerContactGovernor(clients)), transport,
                unsubscribes, wording, texts, new MailDispatcher.Settings(mail.batch(), mail.lease(),
                        mail.firstBackoff(), mail.maxBackoff(), mail.maxAttempts(),
                        properties.invitations().surveyLinkBase(),
                        properties.invitations().unsubscribeLinkBase()), clock);
    }
}
