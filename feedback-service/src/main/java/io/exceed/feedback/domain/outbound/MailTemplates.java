package io.exceed.feedback.domain.outbound;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The built-in e-mails, in English, Swedish and Chinese: a subject, a plain-text part and an HTML part, each ending
 * with the unsubscribe link. The values put into them (the survey link, the expiry date, a complaint's
 * acknowledgement, the unsubscribe link) are HTML-escaped in the HTML part, so nothing a value holds can become
 * markup; the wording itself is ours.
 */
public final class MailTemplates {

    public static final String DEFAULT_LANGUAGE = "en";
    private static final String LINK = "{link}";
    private static final String EXPIRY = "{expiry}";
    private static final String ACKNOWLEDGEMENT = "{acknowledgement}";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** Paragraphs; the one that is exactly {@link #LINK} becomes the link (a button in HTML). */
    private record Template(String subject, List<String> paragraphs, String linkText) {

        Template(String subject, List<String> paragraphs) {
            this(subject, paragraphs, null);
        }
    }

    /** The last paragraph of every e-mail: the words before the unsubscribe link, and the link's text in HTML. */
    private record Unsubscribe(String lead, String linkText) {
    }

    private static final Map<String, Unsubscribe> UNSUBSCRIBE = Map.of(
            "en", new Unsubscribe("Don't want e-mails like this from us?", "Unsubscribe"),
            "sv", new Unsubscribe("Vill du inte få sådana här mejl från oss?", "Avregistrera dig"),
            "zh", new Unsubscribe("不想再收到我们的此类邮件？", "退订"));

    private static final Map<String, Map<OutboundMessageKind, Template>> TEMPLATES = Map.of(
            "en", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Template("How did we do?", List.of(
                            "Hello,",
                            "We would like to know how we did. Please answer a few questions; it takes about two minutes.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you!"), "Answer the survey"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Template("Did we put things right?", List.of(
                            "Hello,",
                            "You recently told us about a problem, and we have worked to put it right. Did we? Please tell us.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you for giving us the chance to do better."), "Tell us"),
                    OutboundMessageKind.REMINDER, new Template("A reminder: how did we do?", List.of(
                            "Hello,",
                            "A few days ago we asked how we did. If you have a moment, we would still like to hear from you; it takes about two minutes.",
                            LINK,
                            "The link is for you alone and works until " + EXPIRY + " (UTC).",
                            "Thank you!"), "Answer the survey"),
                    OutboundMessageKind.THANK_YOU, new Template("Thank you for your answers", List.of(
                            "Hello,",
                            "Thank you for taking the time to answer our questions. We read every answer, and what you told us helps us do better.",
                            "Kind regards")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Template("We have received your complaint",
                            List.of(
                                    "Hello,",
                                    ACKNOWLEDGEMENT,
                                    "If there is anything you want to add, reply to this e-mail.",
                                    "Kind regards"))),
            "sv", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Template("Hur gjorde vi det?", List.of(
                            "Hej,",
                            "Vi vill gärna veta hur vi lyckades. Svara på några frågor; det tar ungefär två minuter.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack!"), "Svara på enkäten"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Template("Har vi rättat till det?", List.of(
                            "Hej,",
                            "Du berättade nyligen om ett problem för oss, och vi har arbetat för att rätta till det. Lyckades vi? Berätta gärna.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack för att du ger oss chansen att bli bättre."), "Berätta för oss"),
                    OutboundMessageKind.REMINDER, new Template("Påminnelse: hur gjorde vi det?", List.of(
                            "Hej,",
                            "För några dagar sedan frågade vi hur vi lyckades. Om du har en stund vill vi fortfarande gärna höra från dig; det tar ungefär två minuter.",
                            LINK,
                            "Länken är bara till dig och fungerar till och med " + EXPIRY + " (UTC).",
                            "Tack!"), "Svara på enkäten"),
                    OutboundMessageKind.THANK_YOU, new Template("Tack för dina svar", List.of(
                            "Hej,",
                            "Tack för att du tog dig tid att svara på våra frågor. Vi läser varje svar, och det du berättade hjälper oss att bli bättre.",
                            "Vänliga hälsningar")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Template("Vi har tagit emot ditt klagomål",
                            List.of(
                                    "Hej,",
                                    ACKNOWLEDGEMENT,
                                    "Svara på det här mejlet om du vill lägga till något.",
                                    "Vänliga hälsningar"))),
            "zh", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION, new Template("我们做得怎么样？", List.of(
                            "您好：",
                            "我们想知道我们做得怎么样。请回答几个问题，大约需要两分钟。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "谢谢！"), "填写问卷"),
                    OutboundMessageKind.RECOVERY_INVITATION, new Template("我们解决好您的问题了吗？", List.of(
                            "您好：",
                            "您最近向我们反映了一个问题，我们已努力解决。我们做到了吗？请告诉我们。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "感谢您给我们改进的机会。"), "告诉我们"),
                    OutboundMessageKind.REMINDER, new Template("提醒：我们做得怎么样？", List.of(
                            "您好：",
                            "几天前我们请您评价我们的表现。如果您有空，我们仍然很想听听您的意见，大约只需要两分钟。",
                            LINK,
                            "此链接仅供您本人使用，有效期至 " + EXPIRY + "（UTC）。",
                            "谢谢！"), "填写问卷"),
                    OutboundMessageKind.THANK_YOU, new Template("感谢您的回答", List.of(
                            "您好：",
                            "感谢您抽出时间回答我们的问题。我们会认真阅读每一份回答，您的意见将帮助我们做得更好。",
                            "此致敬礼")),
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, new Template("我们已收到您的投诉", List.of(
                            "您好：",
                            ACKNOWLEDGEMENT,
                            "如需补充任何信息，请直接回复此邮件。",
                            "此致敬礼"))));

    private MailTemplates() {
    }

    /** A rendered e-mail's parts. */
    public record Rendered(String language, String subject, String text, String html) {
    }

    /**
     * What a message says besides its wording; each kind uses its own: the survey link and the date it works until
     * (an invitation, a reminder), a complaint's acknowledgement. The others are null.
     */
    public record Content(String surveyLink, Instant expireTime, String acknowledgement) {

        public static Content survey(String surveyLink, Instant expireTime) {
            return new Content(surveyLink, expireTime, null);
        }

        public static Content acknowledgement(String text) {
            return new Content(null, null, text);
        }

        public static Content none() {
            return new Content(null, null, null);
        }
    }

    /**
     * The language to write in: the first candidate with templates, by its primary subtag ("sv-FI" is Swedish,
     * "zh-Hans" Chinese); else English. Candidates may be null or blank.
     */
    public static String languageFor(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                String primary = candidate.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
                if (TEMPLATES.containsKey(primary)) {
                    return primary;
                }
            }
        }
        return DEFAULT_LANGUAGE;
    }

    /** @param unsubscribeLink the e-mail's own one-click unsubscribe link (the same as its List-Unsubscribe) */
    public static Rendered render(OutboundMessageKind kind, String language, Content content,
            String unsubscribeLink) {
        Template template = TEMPLATES.getOrDefault(language, TEMPLATES.get(DEFAULT_LANGUAGE)).get(kind);
        Unsubscribe unsubscribe = UNSUBSCRIBE.getOrDefault(language, UNSUBSCRIBE.get(DEFAULT_LANGUAGE));
        String expiry = content.expireTime() == null ? "" : DATE.format(content.expireTime());
        String link = content.surveyLink() == null ? "" : content.surveyLink();
        String acknowledgement = content.acknowledgement() == null ? "" : content.acknowledgement();
        // The acknowledgement last: text a tenant wrote is never searched for placeholders.
        String text = template.paragraphs().stream()
                .map(paragraph -> paragraph.replace(LINK, link).replace(EXPIRY, expiry)
                        .replace(ACKNOWLEDGEMENT, acknowledgement))
                .collect(Collectors.joining("\r\n\r\n", "", "\r\n\r\n-- \r\n" + unsubscribe.lead() + " "
                        + unsubscribe.linkText() + ": " + unsubscribeLink + "\r\n"));
        String html = template.paragraphs().stream()
                .map(paragraph -> LINK.equals(paragraph)
                        ? "<p><a href=\"" + escape(link) + "\">" + escape(template.linkText()) + "</a></p>\n"
                                + "<p style=\"font-size:small\">" + escape(link) + "</p>"
                        : "<p>" + escape(paragraph).replace(EXPIRY, escape(expiry))
                                .replace(ACKNOWLEDGEMENT, escape(acknowledgement)) + "</p>")
                .collect(Collectors.joining("\n", "<!DOCTYPE html>\n<html lang=\"" + escape(language)
                        + "\"><head><meta charset=\"utf-8\"><title>" + escape(template.subject())
                        + "</title></head>\n<body>\n", "\n<hr>\n<p style=\"font-size:small\">"
                        + escape(unsubscribe.lead()) + " <a href=\"" + escape(unsubscribeLink) + "\">"
                        + escape(unsubscribe.linkText()) + "</a></p>\n</body></html>\n"));
        return new Rendered(language, template.subject(), text, html);
    }

    /** HTML text and attribute values: the five characters that could end either. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
