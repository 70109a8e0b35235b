package io.exceed.feedback.domain.outbound;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The built-in e-mails, in English, Swedish and Chinese: a subject, a plain-text part and an HTML part. The values
 * put into them (the survey link, the expiry date) are HTML-escaped in the HTML part, so nothing a value holds can
 * become markup; the wording itself is ours.
 */
public final class MailTemplates {

    public static final String DEFAULT_LANGUAGE = "en";
    private static final String LINK = "{link}";
    private static final String EXPIRY = "{expiry}";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** Paragraphs; the one that is exactly {@link #LINK} becomes the link (a button in HTML). */
    private record Template(String subject, List<String> paragraphs, String linkText) {
    }

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
                            "Thank you for giving us the chance to do better."), "Tell us")),
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
                            "Tack för att du ger oss chansen att bli bättre."), "Berätta för oss")),
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
                            "感谢您给我们改进的机会。"), "告诉我们")));

    private MailTemplates() {
    }

    /** A rendered e-mail's parts. */
    public record Rendered(String language, String subject, String text, String html) {
    }

    /**
     * The language to write in: the customer's (by its primary subtag: "sv-FI" is Swedish, "zh-Hans" Chinese), else
     * the invitation's, else English.
     */
    public static String languageFor(String customerLanguage, String invitationLanguage) {
        for (String candidate : new String[] {customerLanguage, invitationLanguage}) {
            if (candidate != null && !candidate.isBlank()) {
                String primary = candidate.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
                if (TEMPLATES.containsKey(primary)) {
                    return primary;
                }
            }
        }
        return DEFAULT_LANGUAGE;
    }

    public static Rendered render(OutboundMessageKind kind, String language, String surveyLink, Instant expireTime) {
        Template template = TEMPLATES.getOrDefault(language, TEMPLATES.get(DEFAULT_LANGUAGE)).get(kind);
        String expiry = DATE.format(expireTime);
        String text = template.paragraphs().stream()
                .map(paragraph -> paragraph.replace(LINK, surveyLink).replace(EXPIRY, expiry))
                .collect(Collectors.joining("\r\n\r\n", "", "\r\n"));
        String html = template.paragraphs().stream()
                .map(paragraph -> LINK.equals(paragraph)
                        ? "<p><a href=\"" + escape(surveyLink) + "\">" + escape(template.linkText()) + "</a></p>\n"
                                + "<p style=\"font-size:small\">" + escape(surveyLink) + "</p>"
                        : "<p>" + escape(paragraph).replace(EXPIRY, escape(expiry)) + "</p>")
                .collect(Collectors.joining("\n", "<!DOCTYPE html>\n<html lang=\"" + escape(language)
                        + "\"><head><meta charset=\"utf-8\"><title>" + escape(template.subject())
                        + "</title></head>\n<body>\n", "\n</body></html>\n"));
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
