package io.exceed.feedback.domain.outbound;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.exceed.feedback.domain.response.Channel;

/**
 * The platform's own wording, in English, Swedish and Chinese, for every kind of message on e-mail and SMS, used
 * where a tenant has no template of its own; and the lines that end every message (the unsubscribe link, the SMS
 * opt-out), which no template can leave out. The wording is written as templates are, with {@code {{name}}}
 * variables, so one renderer ({@link MessageWording}) writes both.
 */
public final class BuiltInTemplates {

    public static final String DEFAULT_LANGUAGE = "en";
    private static final String LINK = TemplateVariable.SURVEY_LINK.placeholder();
    private static final String EXPIRY = TemplateVariable.EXPIRY_DATE.placeholder();
    private static final String ACKNOWLEDGEMENT = TemplateVariable.ACKNOWLEDGEMENT.placeholder();

    /** An e-mail's paragraphs; the one that is exactly {@link #LINK} becomes a link (a button in HTML). */
    private record Email(String subject, List<String> paragraphs, String linkText) {

        Email(String subject, List<String> paragraphs) {
            this(subject, paragraphs, null);
        }
    }

    /** The end of every e-mail and SMS in a language: the words before the unsubscribe link, its text, the opt-out. */
    public record Footer(String unsubscribeLead, String unsubscribeLinkText, String smsOptOut) {
    }

    private static final Map<String, Footer> FOOTERS = Map.of(
            "en", new Footer("Don't want e-mails like this from us?", "Unsubscribe", "Reply STOP to opt out"),
            "sv", new Footer("Vill du inte få sådana här mejl från oss?", "Avregistrera dig",
                    "Svara STOP för att avregistrera dig"),
            "zh", new Footer("不想再收到我们的此类邮件？", "退订", "回复 STOP 退订"));

    private static final Map<String, Map<OutboundMessageKind, Email>> EMAILS = Map.of(
            "en", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Email("How did we do?", List.of(
                            "Hello,",
                            "We would like to know how we did. Please answer a few questions; it takes about two minutes.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you!"), "Answer the survey"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Email("Did we put things right?", List.of(
                            "Hello,",
                            "You recently told us about a problem, and we have worked to put it right. Did we? Please tell us.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you for giving us the chance to do better."), "Tell us"),
                    OutboundMessageKind.REMINDER, new Email("A reminder: how did we do?", List.of(
                            "Hello,",
                            "A few days ago we asked how we did. If you have a moment, we would still like to hear from you; it takes about two minutes.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you!"), "Answer the survey"),
                    OutboundMessageKind.THANK_YOU, new Email("Thank you for your answers", List.of(
                            "Hello,",
                            "Thank you for taking the time to answer our questions. We read every answer, and what you told us helps us do better.",
                            "Kind regards")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Email("We have received your complaint",
                            List.of(
                                    "Hello,",
                                    ACKNOWLEDGEMENT,
                                    "If there is anything you want to add, reply to this e-mail.",
                                    "Kind regards"))),
            "sv", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Email("Hur gjorde vi det?", List.of(
                            "Hej,",
                            "Vi vill gärna veta hur vi lyckades. Svara på några frågor; det tar ungefär två minuter.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack!"), "Svara på enkäten"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Email("Har vi rättat till det?", List.of(
                            "Hej,",
                            "Du berättade nyligen om ett problem för oss, och vi har arbetat för att rätta till det. Lyckades vi? Berätta gärna.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack för att du ger oss chansen att bli bättre."), "Berätta för oss"),
                    OutboundMessageKind.REMINDER, new Email("Påminnelse: hur gjorde vi det?", List.of(
                            "Hej,",
                            "För några dagar sedan frågade vi hur vi lyckades. Om du har en stund vill vi fortfarande gärna höra från dig; det tar ungefär två minuter.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack!"), "Svara på enkäten"),
                    OutboundMessageKind.THANK_YOU, new Email("Tack för dina svar", List.of(
                            "Hej,",
                            "Tack för att du tog dig tid att svara på våra frågor. Vi läser varje svar, och det du berättade hjälper oss att bli bättre.",
                            "Vänliga hälsningar")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Email("Vi har tagit emot ditt klagomål",
                            List.of(
                                    "Hej,",
                                    ACKNOWLEDGEMENT,
                                    "Svara på det här mejlet om du vill lägga till något.",
                                    "Vänliga hälsningar"))),
            "zh", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Email("我们做得怎么样？", List.of(
                            "您好：",
                            "我们想知道我们做得怎么样。请回答几个问题，大约需要两分钟。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "谢谢！"), "填写问卷"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Email("我们解决好您的问题了吗？", List.of(
                            "您好：",
                            "您最近向我们反映了一个问题，我们已努力解决。我们做到了吗？请告诉我们。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "感谢您给我们改进的机会。"), "告诉我们"),
                    OutboundMessageKind.REMINDER, new Email("提醒：我们做得怎么样？", List.of(
                            "您好：",
                            "几天前我们请您评价我们的表现。如果您有空，我们仍然很想听听您的意见，大约只需要两分钟。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "谢谢！"), "填写问卷"),
                    OutboundMessageKind.THANK_YOU, new Email("感谢您的回答", List.of(
                            "您好：",
                            "感谢您抽出时间回答我们的问题。我们会认真阅读每一份回答，您的意见将帮助我们做得更好。",
                            "此致敬礼")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Email("我们已收到您的投诉", List.of(
                            "您好：",
                            ACKNOWLEDGEMENT,
                            "如需补充任何信息，请直接回复此邮件。",
                            "此致敬礼"))));

    /** Short: the link where the kind has one; the opt-out line follows. */
    private static final Map<String, Map<OutboundMessageKind, String>> SMS = Map.of(
            "en", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, "How did we do? Please answer a few questions: " + LINK,
                    OutboundMessageKind.RECOVERY_INVITATION, "Did we put things right? Please tell us: " + LINK,
                    OutboundMessageKind.REMINDER, "A reminder: how did we do? " + LINK,
                    OutboundMessageKind.THANK_YOU, "Thank you for your answers. What you told us helps us do better.",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT),
            "sv", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, "Hur gjorde vi det? Svara på några frågor: " + LINK,
                    OutboundMessageKind.RECOVERY_INVITATION, "Har vi rättat till det? Berätta för oss: " + LINK,
                    OutboundMessageKind.REMINDER, "Påminnelse: hur gjorde vi det? " + LINK,
                    OutboundMessageKind.THANK_YOU, "Tack för dina svar. Det du berättade hjälper oss att bli bättre.",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT),
            "zh", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, "我们做得怎么样？请回答几个问题：" + LINK,
                    OutboundMessageKind.RECOVERY_INVITATION, "我们解决好您的问题了吗？请告诉我们：" + LINK,
                    OutboundMessageKind.REMINDER, "提醒：我们做得怎么样？" + LINK,
                    OutboundMessageKind.THANK_YOU, "感谢您的回答。您的意见将帮助我们做得更好。",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT));

    private static final Map<MessageTemplate.Key, MessageTemplate> TEMPLATES = templates();

    private BuiltInTemplates() {
    }

    /** The built-in template for the key, if the platform has wording in its language. */
    public static Optional<MessageTemplate> find(MessageTemplate.Key key) {
        return Optional.ofNullable(TEMPLATES.get(key));
    }

    /** The end of every message in {@code language}; English where the platform has no wording in it. */
    public static Footer footer(String language) {
        return FOOTERS.getOrDefault(language, FOOTERS.get(DEFAULT_LANGUAGE));
    }

    private static Map<MessageTemplate.Key, MessageTemplate> templates() {
        Map<MessageTemplate.Key, MessageTemplate> templates = new HashMap<>();
        EMAILS.forEach((language, kinds) -> kinds.forEach((kind, email) -> templates.put(
                new MessageTemplate.Key(Channel.EMAIL, kind, language), new MessageTemplate(Channel.EMAIL, kind,
                        language, email.subject(), String.join("\r\n\r\n", email.paragraphs()), html(email), null))));
        SMS.forEach((language, kinds) -> kinds.forEach((kind, text) -> templates.put(
                new MessageTemplate.Key(Channel.SMS, kind, language),
                new MessageTemplate(Channel.SMS, kind, language, null, text, null, null))));
        return Map.copyOf(templates);
    }

    /** Our HTML: a paragraph each, the link a button followed by the link written out. */
    private static String html(Email email) {
        return email.paragraphs().stream()
                .map(paragraph -> LINK.equals(paragraph)
                        ? "<p><a href=\"" + LINK + "\">" + MessageWording.escape(email.linkText()) + "</a></p>\n"
                                + "<p style=\"font-size:small\">" + LINK + "</p>"
                        : "<p>" + MessageWording.escape(paragraph) + "</p>")
                .collect(Collectors.joining("\n"));
    }
}
