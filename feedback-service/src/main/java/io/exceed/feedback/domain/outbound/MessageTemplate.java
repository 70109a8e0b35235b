package io.exceed.feedback.domain.outbound;

import java.time.Instant;

import io.exceed.feedback.domain.response.Channel;

/**
 * The wording of one kind of message on one channel in one language: a tenant's own, or a built-in one
 * ({@link BuiltInTemplates}). Variables are written {@code {{name}}} ({@link TemplateVariable}).
 *
 * @param language   a BCP 47 primary language subtag, lower case ("de")
 * @param subject    an e-mail's subject; null for an SMS
 * @param text       the plain-text part; an SMS's whole message
 * @param html       an e-mail's HTML part as written; null: made from the text (always for an SMS)
 * @param updateTime when a tenant set it; null for a built-in one
 */
public record MessageTemplate(Channel channel, OutboundMessageKind kind, String language, String subject,
        String text, String html, Instant updateTime) {

    /** Where a template is found: one per tenant, channel, kind and language. */
    public record Key(Channel channel, OutboundMessageKind kind, String language) {
    }

    public Key key() {
        return new Key(channel, kind, language);
    }

    public MessageTemplate withUpdateTime(Instant time) {
        return new MessageTemplate(channel, kind, language, subject, text, html, time);
    }
}
