package io.exceed.feedback.domain.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

class MessageWordingTest {

    private static final Instant EXPIRY = Instant.parse("2026-03-16T12:00:00Z");
    private static final String UNSUBSCRIBE = "https://x/u/tok";
    private static final TenantId TENANT = new TenantId("acme");

    /** The tenants' templates the wording reads, held in memory: the store's own tests use MongoDB. */
    private final Map<String, MessageTemplate> stored = new HashMap<>();
    private final MessageWording wording = new MessageWording(new MessageTemplateStore() {
        @Override
        public void save(TenantId tenant, MessageTemplate template) {
            stored.put(tenant.value() + template.key(), template);
        }

        @Override
        public Optional<MessageTemplate> find(TenantId tenant, MessageTemplate.Key key) {
            return Optional.ofNullable(stored.get(tenant.value() + key));
        }

        @Override
        public Page<MessageTemplate> list(TenantId tenant, Optional<String> after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isPosition(TenantId tenant, String position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(TenantId tenant, MessageTemplate.Key key) {
            throw new UnsupportedOperationException();
        }
    });

    private MessageWording.Rendered email(OutboundMessageKind kind, String language, MessageWording.Content content,
            String unsubscribe) {
        return wording.render(TENANT, Channel.EMAIL, kind, content, unsubscribe, language);
    }

    @Test
    void everySubstitutedValueIsHtmlEscapedInTheHtmlPartAndLeftAsIsInThePlainText() {
        String link = "https://survey.example/s/a?b=1&c=\"><script>alert('x')</script>";

        MessageWording.Rendered rendered = email(OutboundMessageKind.SURVEY_INVITATION, "en",
                MessageWording.Content.survey(link, EXPIRY), UNSUBSCRIBE);

        assertThat(rendered.text()).contains(link).contains("2026-03-16");
        assertThat(rendered.html()).doesNotContain("<script>")
                .contains("href=\"https://survey.example/s/a?b=1&amp;c=&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)"
                        + "&lt;/script&gt;\"");
    }

    @Test
    void everyEmailEndsWithItsUnsubscribeLinkInItsLanguageEscapedInTheHtmlPart() {
        String link = "https://x/u/a&b";

        MessageWording.Rendered swedish = email(OutboundMessageKind.THANK_YOU, "sv", MessageWording.Content.none(),
                link);
        MessageWording.Rendered chinese = email(OutboundMessageKind.REMINDER, "zh",
                MessageWording.Content.survey("https://x/s/t", EXPIRY), link);

        assertThat(swedish.text()).endsWith("Avregistrera dig: https://x/u/a&b\r\n");
        assertThat(swedish.html()).contains("<a href=\"https://x/u/a&amp;b\">Avregistrera dig</a>");
        assertThat(chinese.text()).contains("退订: https://x/u/a&b");
    }

    @Test
    void theCustomersLanguageChoosesTheBuiltInWordingByItsPrimarySubtag() {
        MessageWording.Content content = MessageWording.Content.survey("https://x/s/t", EXPIRY);
        assertThat(wording.render(TENANT, Channel.EMAIL, OutboundMessageKind.SURVEY_INVITATION, content, UNSUBSCRIBE,
                "sv-FI", "en").language()).isEqualTo("sv");
        assertThat(wording.render(TENANT, Channel.EMAIL, OutboundMessageKind.SURVEY_INVITATION, content, UNSUBSCRIBE,
                "zh-Hans", null).language()).isEqualTo("zh");
        assertThat(wording.render(TENANT, Channel.EMAIL, OutboundMessageKind.SURVEY_INVITATION, content, UNSUBSCRIBE,
                "fi", "sv").language()).as("the invitation's when the customer's has none").isEqualTo("sv");
        assertThat(wording.render(TENANT, Channel.EMAIL, OutboundMessageKind.SURVEY_INVITATION, content, UNSUBSCRIBE,
                null, "de").language()).isEqualTo("en");
        assertThat(email(OutboundMessageKind.RECOVERY_INVITATION, "sv", content, UNSUBSCRIBE).subject())
                .isEqualTo("Har vi rättat till det?");
    }

    @Test
    void aTenantsTemplateInALanguageOfItsOwnComesBeforeTheBuiltInOnesAndOnlyForItsChannelAndKind() {
        stored.put("acme" + new MessageTemplate.Key(Channel.EMAIL, OutboundMessageKind.THANK_YOU, "de"),
                new MessageTemplate(Channel.EMAIL, OutboundMessageKind.THANK_YOU, "de", "Danke", "Danke!", null,
                        EXPIRY));

        assertThat(email(OutboundMessageKind.THANK_YOU, "de-AT", MessageWording.Content.none(), UNSUBSCRIBE))
                .satisfies(german -> {
                    assertThat(german.language()).isEqualTo("de");
                    assertThat(german.subject()).isEqualTo("Danke");
                    assertThat(german.text()).startsWith("Danke!\r\n\r\n-- \r\n")
                            .as("no German footer: the English one").endsWith("Unsubscribe: " + UNSUBSCRIBE + "\r\n");
                    assertThat(german.html()).contains("<p>Danke!</p>").contains("lang=\"de\"");
                });
        assertThat(email(OutboundMessageKind.REMINDER, "de", MessageWording.Content.survey("https://x/s/t", EXPIRY),
                UNSUBSCRIBE).language()).as("another kind").isEqualTo("en");
        assertThat(wording.render(TENANT, Channel.SMS, OutboundMessageKind.THANK_YOU, MessageWording.Content.none(),
                null, "de").language()).as("another channel").isEqualTo("en");
        assertThat(wording.render(new TenantId("other"), Channel.EMAIL, OutboundMessageKind.THANK_YOU,
                MessageWording.Content.none(), UNSUBSCRIBE, "de").language()).as("another tenant").isEqualTo("en");
    }

    @Test
    void aComplaintsAcknowledgementIsEscapedInTheHtmlPartAndNeverReadForVariables() {
        String acknowledgement = "Tack <b>Åsa</b> & {{survey_link}} {{expiry_date}}";

        MessageWording.Rendered rendered = email(OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT, "sv",
                MessageWording.Content.acknowledgement(acknowledgement), UNSUBSCRIBE);

        assertThat(rendered.subject()).isEqualTo("Vi har tagit emot ditt klagomål");
        assertThat(rendered.text()).contains(acknowledgement);
        assertThat(rendered.html())
                .contains("<p>Tack &lt;b&gt;Åsa&lt;/b&gt; &amp; {{survey_link}} {{expiry_date}}</p>")
                .doesNotContain("<b>");
    }

    @Test
    void everyKindHasItsWordingOnEveryChannelInEveryLanguage() {
        for (String language : new String[] {"en", "sv", "zh"}) {
            for (OutboundMessageKind kind : OutboundMessageKind.values()) {
                MessageWording.Content content = kind.carriesLink()
                        ? MessageWording.Content.survey("https://x/s/t", EXPIRY)
                        : kind == OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT
                                ? MessageWording.Content.acknowledgement("ack") : MessageWording.Content.none();
                MessageWording.Rendered rendered = email(kind, language, content, UNSUBSCRIBE);
                assertThat(rendered.language()).isEqualTo(language);
                assertThat(rendered.subject()).as("%s in %s", kind, language).isNotBlank();
                assertThat(rendered.text()).as("%s in %s", kind, language).doesNotContain("{");
                assertThat(rendered.html()).as("%s in %s", kind, language).contains("lang=\"" + language + "\"")
                        .doesNotContain("{");
                assertThat(rendered.text()).as("%s in %s", kind, language).contains(UNSUBSCRIBE);
                assertThat(rendered.html()).as("%s in %s", kind, language)
                        .contains("<a href=\"" + UNSUBSCRIBE + "\">");
                MessageWording.Rendered sms = wording.render(TENANT, Channel.SMS, kind, content, null, language);
                assertThat(sms.language()).isEqualTo(language);
                assertThat(sms.subject()).isNull();
                assertThat(sms.html()).isNull();
                assertThat(sms.text()).as("%s by SMS in %s", kind, language).doesNotContain("{")
                        .endsWith(BuiltInTemplates.footer(language).smsOptOut()).contains("STOP");
                if (kind.carriesLink()) {
                    assertThat(rendered.text()).contains("https://x/s/t").contains("2026-03-16");
                    assertThat(sms.text()).contains("https://x/s/t");
                }
            }
        }
    }

    @Test
    void everyBuiltInTemplatePassesTheRulesTenantsTemplatesMust() {
        for (String language : new String[] {"en", "sv", "zh"}) {
            for (Channel channel : new Channel[] {Channel.EMAIL, Channel.SMS}) {
                for (OutboundMessageKind kind : OutboundMessageKind.values()) {
                    MessageTemplateRules.check(BuiltInTemplates.find(new MessageTemplate.Key(channel, kind, language))
                            .orElseThrow(), new io.exceed.defaults.error.Violations());
                }
            }
        }
    }
}
