package io.exceed.feedback.domain.outbound;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The built-in texts, in English, Swedish and Chinese: short plain text, the survey link where the kind carries
 * one, and the opt-out line last. The keyword is STOP in every language, since it is the provider's (Twilio's)
 * keyword that ends texts from the sender. Languages are chosen as for e-mails ({@link MailTemplates#languageFor}).
 */
public final class SmsTexts {

    private static final String LINK = "{link}";
    private static final String EXPIRY = "{expiry}";
    private static final String ACKNOWLEDGEMENT = "{acknowledgement}";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private static final Map<String, String> OPT_OUT = Map.of(
            "en", "Reply STOP to opt out.",
            "sv", "Svara STOP för att avsluta.",
            "zh", "回复STOP退订。");

    private static final Map<String, Map<OutboundMessageKind, String>> TEXTS = Map.of(
            "en", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION,
                    "How did we do? Please answer a few questions: " + LINK + " (works until " + EXPIRY + ")",
                    OutboundMessageKind.RECOVERY_INVITATION,
                    "Did we put things right? Please tell us: " + LINK + " (works until " + EXPIRY + ")",
                    OutboundMessageKind.REMINDER,
                    "A reminder: how did we do? " + LINK + " (works until " + EXPIRY + ")",
                    OutboundMessageKind.THANK_YOU, "Thank you for your answers!",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT),
            "sv", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION,
                    "Hur gjorde vi det? Svara på några frågor: " + LINK + " (gäller till " + EXPIRY + ")",
                    OutboundMessageKind.RECOVERY_INVITATION,
                    "Har vi rättat till det? Berätta gärna: " + LINK + " (gäller till " + EXPIRY + ")",
                    OutboundMessageKind.REMINDER,
                    "Påminnelse: hur gjorde vi det? " + LINK + " (gäller till " + EXPIRY + ")",
                    OutboundMessageKind.THANK_YOU, "Tack för dina svar!",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT),
            "zh", Map.of(
                    OutboundMessageKind.SURVEY_INVITATION,
                    "我们做得怎么样？请回答几个问题：" + LINK + "（有效期至 " + EXPIRY + "）",
                    OutboundMessageKind.RECOVERY_INVITATION,
                    "我们解决好您的问题了吗？请告诉我们：" + LINK + "（有效期至 " + EXPIRY + "）",
                    OutboundMessageKind.REMINDER,
                    "提醒：我们做得怎么样？" + LINK + "（有效期至 " + EXPIRY + "）",
                    OutboundMessageKind.THANK_YOU, "感谢您的回答！",
                    OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, ACKNOWLEDGEMENT));

    private SmsTexts() {
    }

    /** The text of a message of {@code kind} in {@code language} (one {@link MailTemplates#languageFor} gave). */
    public static String render(OutboundMessageKind kind, String language, MailTemplates.Content content) {
        String template = TEXTS.getOrDefault(language, TEXTS.get(MailTemplates.DEFAULT_LANGUAGE)).get(kind);
        String optOut = OPT_OUT.getOrDefault(language, OPT_OUT.get(MailTemplates.DEFAULT_LANGUAGE));
        String expiry = content.expireTime() == null ? "" : DATE.format(content.expireTime());
        String link = content.surveyLink() == null ? "" : content.surveyLink();
        String acknowledgement = content.acknowledgement() == null ? "" : content.acknowledgement().strip();
        // The acknowledgement last: text a tenant wrote is never searched for placeholders.
        return template.replace(LINK, link).replace(EXPIRY, expiry).replace(ACKNOWLEDGEMENT, acknowledgement)
                + "\n" + optOut;
    }
}
