package io.exceed.feedback.domain.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private static final Instant EXPIRY = Instant.parse("2026-03-16T12:00:00Z");

    @Test
    void everySubstitutedValueIsHtmlEscapedInTheHtmlPartAndLeftAsIsInThePlainText() {
        String link = "https://survey.example/s/a?b=1&c=\"><script>alert('x')</script>";

        MailTemplates.Rendered rendered = MailTemplates.render(OutboundMessageKind.SURVEY_INVITATION, "en", link,
                EXPIRY);

        assertThat(rendered.text()).contains(link).contains("2026-03-16");
        assertThat(rendered.html()).doesNotContain("<script>")
                .contains("href=\"https://survey.example/s/a?b=1&amp;c=&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
                        + "&lt;/script&gt;\"");
    }

    @Test
    void theCustomersLanguageChoosesTheTemplateByItsPrimarySubtag() {
        assertThat(MailTemplates.languageFor("sv-FI", "en")).isEqualTo("sv");
        assertThat(MailTemplates.languageFor("zh-Hans", null)).isEqualTo("zh");
        assertThat(MailTemplates.languageFor("fi", "sv")).as("the invitation's when the customer's has none")
                .isEqualTo("sv");
        assertThat(MailTemplates.languageFor(null, "de")).isEqualTo("en");
        assertThat(MailTemplates.render(OutboundMessageKind.RECOVERY_INVITATION, "sv", "https://x/s/t", EXPIRY)
                .subject()).isEqualTo("Har vi rättat till det?");
    }
}
