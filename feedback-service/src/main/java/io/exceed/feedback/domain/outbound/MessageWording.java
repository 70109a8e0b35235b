package io.exceed.feedback.domain.outbound;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

/**
 * Writes a message: picks its template (the tenant's in the customer's language, else the platform's) and fills it
 * in. Values are put in as they are in the text and HTML-escaped in the HTML part, so nothing a value holds becomes
 * markup; the template's own markup is its author's wording and kept. Every message ends with the platform's
 * unsubscribe link (an SMS: its opt-out line) in the template's language, whatever the template says.
 */
public class MessageWording {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final Pattern PRIMARY_SUBTAG = Pattern.compile("[a-z]{2,8}");
    private static final Pattern BLANK_LINE = Pattern.compile("\\R[ \\t]*\\R\\s*");
    private static final Pattern DOCUMENT = Pattern.compile("(?i)<html[\\s>]");
    private static final Pattern BODY_END = Pattern.compile("(?i)</body\\s*>");

    private final MessageTemplateStore tenantTemplates;

    public MessageWording(MessageTemplateStore tenantTemplates) {
        this.tenantTemplates = tenantTemplates;
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

        String value(TemplateVariable variable) {
            String value = switch (variable) {
                case SURVEY_LINK -> surveyLink;
                case EXPIRY_DATE -> expireTime == null ? null : DATE.format(expireTime);
                case ACKNOWLEDGEMENT -> acknowledgement;
            };
            return value == null ? "" : value;
        }
    }

    /** A written message: an e-mail's subject, plain text and HTML; an SMS's text (subject and html null). */
    public record Rendered(String language, String subject, String text, String html) {
    }

    /**
     * Writes a message of {@code kind} on {@code channel} in the first of {@code languages} (by primary subtag:
     * "sv-FI" is Swedish) the tenant has a template for or the platform has wording in; else in English, the
     * tenant's English template before the platform's.
     *
     * @param unsubscribeLink an e-mail's own one-click unsubscribe link (the same as its List-Unsubscribe); null for
     *                        an SMS, which is opted out of by reply
     * @param languages       the candidates in order of preference; null or blank ones are passed over
     */
    public Rendered render(TenantId tenant, Channel channel, OutboundMessageKind kind, Content content,
            String unsubscribeLink, String... languages) {
        return fill(choose(tenant, channel, kind, languages), content, unsubscribeLink);
    }

    private MessageTemplate choose(TenantId tenant, Channel channel, OutboundMessageKind kind, String... languages) {
        Set<String> candidates = new LinkedHashSet<>();
        for (String language : languages) {
            if (language != null && !language.isBlank()) {
                String primary = language.strip().toLowerCase(Locale.ROOT).split("[-_]")[0];
                if (PRIMARY_SUBTAG.matcher(primary).matches()) {
                    candidates.add(primary);
                }
            }
        }
        candidates.add(BuiltInTemplates.DEFAULT_LANGUAGE);
        for (String language : candidates) {
            MessageTemplate.Key key = new MessageTemplate.Key(channel, kind, language);
            Optional<MessageTemplate> template = tenantTemplates.find(tenant, key).or(() -> BuiltInTemplates.find(key));
            if (template.isPresent()) {
                return template.get();
            }
        }
        throw new IllegalStateException("no built-in " + channel + " wording for " + kind);
    }

    /** Fills in {@code template}; it was checked when it was set ({@link MessageTemplateRules}). */
    static Rendered fill(MessageTemplate template, Content content, String unsubscribeLink) {
        BuiltInTemplates.Footer footer = BuiltInTemplates.footer(template.language());
        Function<String, String> plain = name -> TemplateVariable.named(name).map(content::value).orElse("");
        Function<String, String> escaped = plain.andThen(MessageWording::escape);
        String text = TemplateText.fill(template.text(), UnaryOperator.identity(), plain);
        if (template.channel() == Channel.SMS) {
            return new Rendered(template.language(), null, text + "\n" + footer.smsOptOut(), null);
        }
        // A value (an acknowledgement) may break lines; a subject is one header line.
        String subject = TemplateText.fill(template.subject(), UnaryOperator.identity(), plain)
                .replaceAll("\\p{Cntrl}+", " ");
        text = text.replaceAll("\\R", "\r\n") + "\r\n\r\n-- \r\n" + footer.unsubscribeLead() + " "
                + footer.unsubscribeLinkText() + ": " + unsubscribeLink + "\r\n";
        String unsubscribe = "<p style=\"font-size:small\">" + escape(footer.unsubscribeLead()) + " <a href=\""
                + escape(unsubscribeLink) + "\">" + escape(footer.unsubscribeLinkText()) + "</a></p>";
        String html = template.html() != null ? TemplateText.fill(template.html(), UnaryOperator.identity(), escaped)
                : htmlOf(template.text(), content);
        if (DOCUMENT.matcher(html).find()) {
            return new Rendered(template.language(), subject, text, withFooter(html, "<hr>\n" + unsubscribe + "\n"));
        }
        return new Rendered(template.language(), subject, text, "<!DOCTYPE html>\n<html lang=\""
                + escape(template.language()) + "\"><head><meta charset=\"utf-8\"><title>" + escape(subject)
                + "</title></head>\n<body>\n" + html + "\n<hr>\n" + unsubscribe + "\n</body></html>\n");
    }

    /** A tenant's whole HTML document with our footer at the end of its body (after it, if it has no end tag). */
    private static String withFooter(String document, String footer) {
        var ends = BODY_END.matcher(document).results().toList();
        if (ends.isEmpty()) {
            return document + "\n" + footer;
        }
        int at = ends.getLast().start();
        return document.substring(0, at) + footer + document.substring(at);
    }

    /** The HTML of a template with a plain-text part only: a paragraph per block, the survey link a link. */
    private static String htmlOf(String text, Content content) {
        Function<String, String> value = name -> TemplateVariable.named(name)
                .map(variable -> variable == TemplateVariable.SURVEY_LINK
                        ? "<a href=\"" + escape(content.value(variable)) + "\">" + escape(content.value(variable))
                                + "</a>"
                        : escape(content.value(variable)).replaceAll("\\R", "<br>\n"))
                .orElse("");
        return BLANK_LINE.splitAsStream(text.strip())
                .map(paragraph -> "<p>" + TemplateText.fill(paragraph,
                        literal -> escape(literal).replaceAll("\\R", "<br>\n"), value) + "</p>")
                .collect(Collectors.joining("\n"));
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
