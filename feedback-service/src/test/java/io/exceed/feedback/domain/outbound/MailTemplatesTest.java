package io.exceed.feedback.domain.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private static final Instant EXPIRY = Instant.parse("2026-03-16T12:00:00Z");
    private static final String UNSUBSCRIBE = "https://x/u/tok";

    @Test
    void everySubstitutedValueIsHtmlEscapedInTheHtmlPartAndLeftAsIsInThePlainText() {
        String link = "https://survey.example/s/a?b=1&c=\"><script>alert('x')</script>";

        MailTemplates.Rendered rendered = MailTemplates.render(OutboundMessageKind.SURVEY_INVITATION, "en",
                MailTemplates.Content.survey(link, EXPIRY), UNSUBSCRIBE);

        assertThat(rendered.text()).contains(link).contains("2026-03-16");
        assertThat(rendered.html()).doesNotContain("<script>")
                .contains("href=\"https://survey.example/s/a?b=1&amp;c=&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
                        + "&lt;/script&gt;\"");
    }

    @Test
    void everyEmailEndsWithItsUnsubscribeLinkInItsLanguageEscapedInTheHtmlPart() {
        String link = "https://x/u/a&b";

        MailTemplates.Rendered swedish = MailTemplates.render(OutboundMessageKind.THANK_YOU, "sv",
                MailTemplates.Content.none(), link);
        MailTemplates.Rendered chinese = MailTemplates.render(OutboundMessageKind.REMINDER, "zh",
                MailTemplates.Content.survey("https://x/s/t", EXPIRY), link);

        assertThat(swedish.text()).endsWith("Avregistrera dig: https://x/u/a&b\r\n");
        assertThat(swedish.html()).contains("<a href=\"https://x/u/a&amp;b\">Avregistrera dig</a>");
        assertThat(chinese.text()).contains("退订: https://x/u/a&b");
    }

    @Test
    void theCustomersLanguageChoosesTheTemplateByItsPrimarySubtag() {
        assertThat(MailTemplates.languageFor("sv-FI", "en")).isEqualTo("sv");
        assertThat(MailTemplates.languageFor("zh-Hans", null)).isEqualTo("zh");
        assertThat(MailTemplates.languageFor("fi", "sv")).as("the invitation's when the customer's has none")
                .isEqualTo("sv");
        assertThat(MailTemplates.languageFor(null, "de")).isEqualTo("en");
        assertThat(MailTemplates.render(OutboundMessageKind.RECOVERY_INVITATION, "sv",
                MailTemplates.Content.survey("https://x/s/t", EXPIRY), UNSUBSCRIBE).subject()).isEqualTo("Har vi rättat till det?");
        assertThat(MailTemplates.languageFor("sv", "zh-Hans", "en")).as("the first candidate that has templates")
                .isEqualTo("sv");
    }

    @Test
    void aComplaintsAcknowledgementIsEscapedInTheHtmlPartAndNeverReadForPlaceholders() {
        String acknowledgement = "Tack <b>Åsa</b> & {link} {expiry}";

        MailTemplates.Rendered rendered = MailTemplates.render(OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, "sv",
                MailTemplates.Content.acknowledgement(acknowledgement), UNSUBSCRIBE);

        assertThat(rendered.subject()).isEqualTo("Vi har tagit emot ditt klagomål");
        assertThat(rendered.text()).contains(acknowledgement);
        assertThat(rendered.html()).contains("<p>Tack &lt;b&gt;Åsa&lt;/b&gt; &amp; {link} {expiry}</p>")
                .doesNotContain("<b>");
    }

    @Test
    void everyKindHasAPlainTextAndAnHtmlPartInEveryLanguage() {
        for (String language : new String[] {"en", "sv", "zh"}) {
            for (OutboundMessageKind kind : OutboundMessageKind.values()) {
                MailTemplates.Content content = kind.carriesLink()
                        ? MailTemplates.Content.survey("https://x/s/t", EXPIRY)
                        : kind == OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT
                                ? MailTemplates.Content.acknowledgement("ack") : MailTemplates.Content.none();
                MailTemplates.Rendered rendered = MailTemplates.render(kind, language, content, UNSUBSCRIBE);
                assertThat(rendered.subject()).as("%s in %s", kind, language).isNotBlank();
                assertThat(rendered.text()).as("%s in %s", kind, language).doesNotContain("{");
                assertThat(rendered.html()).as("%s in %s", kind, language).contains("lang=\"" + language + "\"")
                        .doesNotContain("{");
                assertThat(rendered.text()).as("%s in %s", kind, language).contains(UNSUBSCRIBE);
                assertThat(rendered.html()).as("%s in %s", kind, language)
                        .contains("<a href=\"" + UNSUBSCRIBE + "\">");
                if (kind.carriesLink()) {
                    assertThat(rendered.text()).contains("https://x/s/t").contains("2026-03-16");
                }
            }
        }
    }
}
