package io.exceed.feedback.domain.outbound;

import java.time.Instant;

import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * A message the platform sends a customer, stored before it is sent. Its id is stable across attempts and
 * replicas: it names the contact reservation and the e-mail's Message-ID, so a retry takes no second contact slot
 * and a receiver can tell a repeat (a crash after the SMTP server took it, before it was marked) from a new mail.
 *
 * @param purpose        the purpose the contact governor is asked with
 * @param language       the language it was written in; null until it is
 * @param messageIdHeader the Message-ID header, fixed when queued
 */
public record OutboundMessage(String id, String customerId, String invitationId, OutboundMessageKind kind,
        SurveyPurpose purpose, OutboundMessageState state, String reason, int attempts, String language,
        String messageIdHeader, Instant createTime, Instant nextAttemptTime, Instant sendTime) {

    public static OutboundMessage queued(String id, String customerId, String invitationId, OutboundMessageKind kind,
            SurveyPurpose purpose, String messageIdHeader, Instant now) {
        return new OutboundMessage(id, customerId, invitationId, kind, purpose, OutboundMessageState.QUEUED, null, 0,
                null, messageIdHeader, now, now, null);
    }
}
