package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.MailParts.part;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.common.v1.ContactChannel;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.AcknowledgeComplaintRequest;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateInvitationRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.DeleteMessageTemplateRequest;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.GetMessageTemplateRequest;
import io.exceed.feedback.v1.Invitation;
import io.exceed.feedback.v1.ListMessageTemplatesRequest;
import io.exceed.feedback.v1.ListMessageTemplatesResponse;
import io.exceed.feedback.v1.ListOutboundMessagesRequest;
import io.exceed.feedback.v1.MessageTemplate;
import io.exceed.feedback.v1.OutboundMessage;
import io.exceed.feedback.v1.OutboundMessageKind;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.SurveyPurpose;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.exceed.feedback.v1.UpdateMessageTemplateRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import jakarta.mail.internet.MimeMessage;

/**
 * A tenant's own wording of its messages, set over gRPC and checked when it is set, then used for the e-mails the
 * dispatcher sends to GreenMail: in the customer's language where the tenant has a template in it, with the
 * platform's unsubscribe link always at the end.
 */
class MessageTemplateTest extends FeedbackServiceTestBase {

    private static final ContactChannel EMAIL = ContactChannel.CONTACT_CHANNEL_EMAIL;
    private static final ContactChannel SMS = ContactChannel.CONTACT_CHANNEL_SMS;
    private static final OutboundMessageKind INVITATION = OutboundMessageKind.OUTBOUND_MESSAGE_KIND_SURVEY_INVITATION;
    private static final OutboundMessageKind THANK_YOU = OutboundMessageKind.OUTBOUND_MESSAGE_KIND_THANK_YOU;
    private static final OutboundMessageKind ACKNOWLEDGEMENT =
            OutboundMessageKind.OUTBOUND_MESSAGE_KIND_COMPLAINT_ACKNOWLEDGEMENT;
    private static final String GERMAN_TEXT = "Hallo,\n\nwie war es? Antworten Sie hier: {{survey_link}}\n"
            + "Der Link gilt bis {{expiry_date}}.";
    private static final String GERMAN_HTML = "<h1 style=\"color:#c00\">Hallo</h1>\n"
            + "<p><a href=\"{{survey_link}}\">Jetzt antworten</a> (bis {{expiry_date}})</p>";

    private static GreenMail smtp;

    private final FakeCustomers customers = FakeCustomers.INSTANCE;

    @Autowired
    private MailDispatcher dispatcher;
    @Autowired
    private MongoEventFeed feed;
    @Autowired
    private FeedDelivery<FeedbackEvent> mailDelivery;
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
    }

    private OutboundServiceGrpc.OutboundServiceBlockingStub outbound(String tenant) {
        return as(tenant, OutboundServiceGrpc.newBlockingStub(channel));
    }

    private static UpdateMessageTemplateRequest.Builder template(ContactChannel on, OutboundMessageKind kind,
            String language, MessageTemplate.Builder template) {
        return UpdateMessageTemplateRequest.newBuilder().setChannel(on).setKind(kind).setLanguage(language)
                .setMessageTemplate(template);
    }

    private static UpdateMessageTemplateRequest.Builder germanInvitation() {
        return template(EMAIL, INVITATION, "de", MessageTemplate.newBuilder()
                .setSubject("Wie war es? (bis {{expiry_date}})").setText(GERMAN_TEXT).setHtml(GERMAN_HTML));
    }

    private MessageTemplate set(String tenant, UpdateMessageTemplateRequest.Builder request) {
        return outbound(tenant).updateMessageTemplate(request.build());
    }

    private MessageTemplate get(String tenant, ContactChannel on, OutboundMessageKind kind, String language) {
        return outbound(tenant).getMessageTemplate(GetMessageTemplateRequest.newBuilder().setChannel(on)
                .setKind(kind).setLanguage(language).build());
    }

    private void setChannel(String tenant) {
        outbound(tenant).updateEmailChannel(UpdateEmailChannelRequest.newBuilder().setEmailChannel(EmailChannel
                .newBuilder().setSmtpHost("127.0.0.1").setSmtpPort(smtp.getSmtp().getPort())
                .setSenderAddress("surveys@acme.test")).build());
    }

    private void invite(String tenant, String customerId) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String surveyId = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()
                .setPurpose(SurveyPurpose.SURVEY_PURPOSE_TRANSACTIONAL)).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(surveyId).build());
        surveys.createInvitation(CreateInvitationRequest.newBuilder().setActor("crm-sync").setInvitation(Invitation
                .newBuilder().setSurveyId(surveyId).setCustomerId(customerId).setChannel(EMAIL)).build());
    }

    private MimeMessage receivedBy(String address) {
        List<MimeMessage> received = Arrays.stream(smtp.getReceivedMessages()).filter(message -> {
            try {
                return message.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(received).as("e-mails to %s", address).hasSize(1);
        return received.getFirst();
    }

    /** The first message queued for the customer: the invitation's own, before any reminder. */
    private OutboundMessage firstMessageOf(String tenant, String customerId) {
        return outbound(tenant).listOutboundMessages(ListOutboundMessagesRequest.newBuilder()
                .setCustomerId(customerId).build()).getOutboundMessagesList().getFirst();
    }

    /** Each named field's descriptions, joined. */
    private static Map<String, String> violations(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(any -> any.is(BadRequest.class))
                .flatMap(any -> {
                    try {
                        return any.unpack(BadRequest.class).getFieldViolationsList().stream();
                    } catch (InvalidProtocolBufferException invalid) {
                        throw new IllegalStateException(invalid);
                    }
                })
                .collect(Collectors.toMap(BadRequest.FieldViolation::getField,
                        BadRequest.FieldViolation::getDescription, (a, b) -> a + " | " + b));
    }

    /** Asserts the call is refused naming {@code field}; returns why. */
    private static String refused(ThrowingCallable call, String field) {
        return violations(assertInvalid(call, field)).get(field);
    }

    @Test
    void aBadTemplateIsRefusedNamingTheFieldAndWhyAndChangesNothing() {
        String tenant = newTenant();
        MessageTemplate stored = set(tenant, germanInvitation());

        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Hallo {{name}}: {{survey_link}}"))), "message_template.text"))
                .isEqualTo("unknown variable {{name}}; known: survey_link, expiry_date");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("{{acknowledgement}} {{survey_link}}"))), "message_template.text"))
                .contains("{{acknowledgement}} has no value in SURVEY_INVITATION");
        assertThat(refused(() -> set(tenant, template(EMAIL, THANK_YOU, "de", MessageTemplate.newBuilder()
                .setSubject("Danke").setText("Danke! {{survey_link}}"))), "message_template.text"))
                .contains("known: none");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Hier: {{survey_link}"))), "message_template.text"))
                .contains("never closed");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Hier: {survey_link}} {{survey_link}}"))), "message_template.text"))
                .contains("closes no");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Hier: {{ survey_link }}"))), "message_template.text"))
                .contains("is not a variable");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setHtml(GERMAN_HTML))), "message_template.text"))
                .startsWith("is required: the plain-text part");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Bitte antworten Sie."))), "message_template.text"))
                .contains("must hold {{survey_link}}");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText(GERMAN_TEXT).setHtml("<p>Bitte antworten Sie.</p>"))),
                "message_template.html")).contains("must hold {{survey_link}}");
        assertThat(refused(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText(GERMAN_TEXT).setHtml("  \n"))), "message_template.html"))
                .startsWith("must not be blank");
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setText(GERMAN_TEXT))), "message_template.subject");
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo\r\nBcc: everyone@example.com").setText(GERMAN_TEXT))), "message_template.subject");
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("x".repeat(201)).setText(GERMAN_TEXT))), "message_template.subject");
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText(GERMAN_TEXT + "x".repeat(64 * 1024)))), "message_template.text");
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(MessageTemplate.newBuilder()
                .setSubject("Hallo").setText(GERMAN_TEXT).setHtml(GERMAN_HTML + "x".repeat(64 * 1024)))),
                "message_template.html");
        assertInvalid(() -> set(tenant, template(SMS, INVITATION, "de", MessageTemplate.newBuilder()
                .setSubject("Hallo").setText("Wie war es? {{survey_link}}"))), "message_template.subject");
        assertInvalid(() -> set(tenant, template(SMS, INVITATION, "de", MessageTemplate.newBuilder()
                .setText("Wie war es? {{survey_link}}").setHtml(GERMAN_HTML))), "message_template.html");
        assertInvalid(() -> set(tenant, template(SMS, INVITATION, "de", MessageTemplate.newBuilder()
                .setText("{{survey_link}} " + "x".repeat(1000)))), "message_template.text");
        assertInvalid(() -> set(tenant, germanInvitation().setChannel(ContactChannel.CONTACT_CHANNEL_UNSPECIFIED)),
                "channel");
        assertInvalid(() -> set(tenant, germanInvitation().setChannel(ContactChannel.CONTACT_CHANNEL_PHONE)),
                "channel");
        assertInvalid(() -> set(tenant, germanInvitation()
                .setKind(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_UNSPECIFIED)), "kind");
        for (String language : List.of("", "DE", "d", "de-AT", "deutschla")) {
            assertInvalid(() -> set(tenant, germanInvitation().setLanguage(language)), "language");
        }
        assertInvalid(() -> set(tenant, germanInvitation().setMessageTemplate(germanInvitation().getMessageTemplate()
                .toBuilder().setKind(OutboundMessageKind.OUTBOUND_MESSAGE_KIND_REMINDER))), "message_template.kind");
        assertInvalid(() -> get(tenant, EMAIL, INVITATION, "DE"), "language");

        assertThat(get(tenant, EMAIL, INVITATION, "de")).isEqualTo(stored);
        assertThat(outbound(tenant).listMessageTemplates(ListMessageTemplatesRequest.getDefaultInstance())
                .getMessageTemplatesList()).containsExactly(stored);
    }

    @Test
    void aTemplateIsSetShownListedReplacedAndDeletedOnlyForItsTenant() {
        String tenant = newTenant();
        String other = newTenant();

        MessageTemplate stored = set(tenant, germanInvitation());
        assertThat(stored.getChannel()).isEqualTo(EMAIL);
        assertThat(stored.getKind()).isEqualTo(INVITATION);
        assertThat(stored.getLanguage()).isEqualTo("de");
        assertThat(stored.getText()).isEqualTo(GERMAN_TEXT);
        assertThat(stored.getHtml()).as("kept as written").isEqualTo(GERMAN_HTML);
        assertThat(stored.hasUpdateTime()).isTrue();
        MessageTemplate sms = set(tenant, template(SMS, INVITATION, "de", MessageTemplate.newBuilder()
                .setText("Wie war es? {{survey_link}}")));
        MessageTemplate replaced = set(tenant, germanInvitation().setMessageTemplate(germanInvitation()
                .getMessageTemplate().toBuilder().setSubject("Wie war es?").setChannel(EMAIL)));
        assertThat(replaced.getSubject()).isEqualTo("Wie war es?");
        assertThat(get(tenant, EMAIL, INVITATION, "de")).isEqualTo(replaced);

        ListMessageTemplatesResponse first = outbound(tenant).listMessageTemplates(ListMessageTemplatesRequest
                .newBuilder().setPageSize(1).build());
        assertThat(first.getMessageTemplatesList()).containsExactly(replaced);
        assertThat(outbound(tenant).listMessageTemplates(ListMessageTemplatesRequest.newBuilder().setPageSize(1)
                .setPageToken(first.getNextPageToken()).build()).getMessageTemplatesList()).containsExactly(sms);
        assertThat(database.getCollection("message_templates").find(Filters.eq("tenant", tenant))
                .map(document -> document.getString("_id"))).as("found by key")
                .containsExactlyInAnyOrder(tenant + ":EMAIL:SURVEY_INVITATION:de",
                        tenant + ":SMS:SURVEY_INVITATION:de");

        assertStatus(Status.Code.NOT_FOUND, () -> get(other, EMAIL, INVITATION, "de"));
        assertThat(outbound(other).listMessageTemplates(ListMessageTemplatesRequest.getDefaultInstance())
                .getMessageTemplatesList()).isEmpty();
        outbound(other).deleteMessageTemplate(DeleteMessageTemplateRequest.newBuilder().setChannel(EMAIL)
                .setKind(INVITATION).setLanguage("de").build());
        assertThat(get(tenant, EMAIL, INVITATION, "de")).as("another tenant's delete").isEqualTo(replaced);

        for (int attempt = 0; attempt < 2; attempt++) {
            outbound(tenant).deleteMessageTemplate(DeleteMessageTemplateRequest.newBuilder().setChannel(EMAIL)
                    .setKind(INVITATION).setLanguage("de").build());
        }
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, EMAIL, INVITATION, "de"));
        assertThat(get(tenant, SMS, INVITATION, "de")).isEqualTo(sms);
    }

    @Test
    void aGermanCustomerGetsTheTenantsGermanTemplateAndAFrenchOneTheBuiltInEnglishUntilItIsDeleted() throws Exception {
        String tenant = newTenant();
        String other = newTenant();
        setChannel(tenant);
        setChannel(other);
        set(tenant, germanInvitation());
        customers.profile(tenant, "hans", "hans@kunde.test", "de-AT");
        customers.profile(tenant, "jean", "jean@client.test", "fr");
        customers.profile(other, "grete", "grete@kunde.test", "de");

        invite(tenant, "hans");
        invite(tenant, "jean");
        invite(other, "grete");
        dispatcher.dispatchDue();

        MimeMessage german = receivedBy("hans@kunde.test");
        String text = part(german, "text/plain");
        String html = part(german, "text/html");
        String link = text.substring(text.indexOf("http://"), text.indexOf("\r\n", text.indexOf("http://")));
        String expiry = text.replaceAll("(?s).*Der Link gilt bis (\\d{4}-\\d\\d-\\d\\d)\\..*", "$1");
        assertThat(german.getSubject()).isEqualTo("Wie war es? (bis " + expiry + ")");
        assertThat(german.getHeader("Content-Language")).containsExactly("de");
        assertThat(text).startsWith("Hallo,\r\n\r\nwie war es? Antworten Sie hier: " + link + "\r\n")
                .doesNotContain("{{")
                .as("the platform's footer").contains("\r\n-- \r\n").containsPattern("Unsubscribe: http\\S+/u/\\S+");
        assertThat(html).contains("<h1 style=\"color:#c00\">Hallo</h1>")
                .contains("<a href=\"" + link + "\">Jetzt antworten</a> (bis " + expiry + ")")
                .containsPattern("<a href=\"http[^\"]+/u/[^\"]+\">Unsubscribe</a>");
        assertThat(firstMessageOf(tenant, "hans").getLanguage()).isEqualTo("de");

        MimeMessage french = receivedBy("jean@client.test");
        assertThat(french.getSubject()).as("no template in French: the built-in English").isEqualTo("How did we do?");
        assertThat(firstMessageOf(tenant, "jean").getLanguage()).isEqualTo("en");
        assertThat(receivedBy("grete@kunde.test").getSubject()).as("another tenant's template is not used")
                .isEqualTo("How did we do?");

        outbound(tenant).deleteMessageTemplate(DeleteMessageTemplateRequest.newBuilder().setChannel(EMAIL)
                .setKind(INVITATION).setLanguage("de").build());
        customers.profile(tenant, "anna", "anna@kunde.test", "de");
        invite(tenant, "anna");
        dispatcher.dispatchDue();
        assertThat(receivedBy("anna@kunde.test").getSubject()).as("deleted: the built-in wording again")
                .isEqualTo("How did we do?");
    }

    @Test
    void valuesAreEscapedInTheHtmlPartAndNeverReadForVariablesAndATextOnlyTemplateGetsHtmlMadeFromIt()
            throws Exception {
        String tenant = newTenant();
        setChannel(tenant);
        set(tenant, template(EMAIL, ACKNOWLEDGEMENT, "en", MessageTemplate.newBuilder()
                .setSubject("About your complaint").setText("Dear customer,\n\n{{acknowledgement}}\n\nAcme care")));
        String customerId = "c-" + tenant;
        customers.profile(tenant, customerId, "complainer@kund.test", "en");
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        String complaintId = complaints.createComplaint(CreateComplaintRequest.newBuilder()
                .setComplaint(complaint(customerId).setLanguage("en")).build()).getId();
        // Acknowledged in words of the agent's own before the e-mail goes: it says what the complaint says now.
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setResolution(withRootCause()).build());
        complaints.reopenComplaint(ReopenComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setReason("still broken").build());
        String acknowledgement = "Sorry <script>alert(1)</script> & {{acknowledgement}} {{survey_link}}";
        complaints.acknowledgeComplaint(AcknowledgeComplaintRequest.newBuilder().setComplaintId(complaintId)
                .setMessage(acknowledgement).build());

        feed.relayOnce();
        mailDelivery.runOnce();
        dispatcher.dispatchDue();

        MimeMessage sent = receivedBy("complainer@kund.test");
        assertThat(sent.getSubject()).isEqualTo("About your complaint");
        assertThat(part(sent, "text/plain")).startsWith("Dear customer,\r\n\r\n" + acknowledgement
                + "\r\n\r\nAcme care\r\n\r\n-- \r\n");
        assertThat(part(sent, "text/html").replace("\r\n", "\n"))
                .contains("<p>Dear customer,</p>\n<p>Sorry &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                        + "{{acknowledgement}} {{survey_link}}</p>\n<p>Acme care</p>")
                .doesNotContain("<script>").contains("lang=\"en\"").containsPattern("/u/[^\"]+\">Unsubscribe</a>");
    }
}
