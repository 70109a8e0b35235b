package io.exceed.feedback.domain.outbound;

import java.time.Instant;

import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.ContactPurpose;

/**
 * A message the platform sends a customer, stored before it is sent. Its id is stable across attempts and
 * replicas: it names the contact reservation and the e-mail's Message-ID, so a retry takes no second contact slot
 * and a receiver can tell a repeat (a crash after the SMTP server took it, before it was marked) from a new mail.
 *
 * @param invitationId    the invitation it carries the link of or thanks for answering; null for an acknowledgement
 * @param complaintId     the complaint it acknowledges; null otherwise
 * @param reminderNumber  which reminder of its invitation it is, from 1; 0 for other kinds
 * @param purpose         the purpose the contact governor is asked with
 * @param language        the language it was written in; null until it is
 * @param messageIdHeader the Message-ID header, fixed when queued
 * @param channel         e-mail or SMS: the channel it is tried on first until {@code to} is set, then the one it
 *                        goes by; null for a message queued before texts existed (e-mail first)
 * @param to              the address or number it goes to, fixed (with the channel) once the contact governor
 *                        granted it, so every retry goes the same way; null until then
 */
public record OutboundMessage(String id, String customerId, String invitationId, String complaintId,
        OutboundMessageKind kind, int reminderNumber, ContactPurpose purpose, OutboundMessageState state,
        String reason, int attempts, String language, String messageIdHeader, Instant createTime,
        Instant nextAttemptTime, Instant sendTime, Channel channel, String to) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What the message is of, unique per tenant, so that queueing it again (a retried request, a redelivered
     * event, a crash between sending and marking) stores nothing: one invitation message, each numbered reminder,
     * one thank-you per invitation (it is answered once), one acknowledgement per complaint.
     */
    public String key() {
        return switch (kind) {
            case SURVEY_INVITATION, RECOVERY_INVITATION -> invitationKey(invitationId);
            case REMINDER -> invitationKey(invitationId) + ":reminder:" + reminderNumber;
            case THANK_YOU -> invitationKey(invitationId) + ":thank-you";
            case COMPLAINT_ACKNOWLEDGEMENT -> "complaint:" + complaintId + ":acknowledgement";
        };
    }

    /** The key of the message that carried the invitation itself. */
    public static String invitationKey(String invitationId) {
        return "invitation:" + invitationId;
    }

    /** A message built field by field, by name: the record is too wide to build positionally. */
    public static final class Builder {
        private String id;
        private String customerId;
        private String invitationId;
        private String complaintId;
        private OutboundMessageKind kind;
        private int reminderNumber;
        private ContactPurpose purpose;
        private OutboundMessageState state = OutboundMessageState.QUEUED;
        private String reason;
        private int attempts;
        private String language;
        private String messageIdHeader;
        private Instant createTime;
        private Instant nextAttemptTime;
        private Instant sendTime;
        private Channel channel;
        private String to;

        private Builder() {
        }

        public Builder id(String value) { id = value; return this; }
        public Builder customerId(String value) { customerId = value; return this; }
        public Builder invitationId(String value) { invitationId = value; return this; }
        public Builder complaintId(String value) { complaintId = value; return this; }
        public Builder kind(OutboundMessageKind value) { kind = value; return this; }
        public Builder reminderNumber(int value) { reminderNumber = value; return this; }
        public Builder purpose(ContactPurpose value) { purpose = value; return this; }
        public Builder state(OutboundMessageState value) { state = value; return this; }
        public Builder reason(String value) { reason = value; return this; }
        public Builder attempts(int value) { attempts = value; return this; }
        public Builder language(String value) { language = value; return this; }
        public Builder messageIdHeader(String value) { messageIdHeader = value; return this; }
        public Builder createTime(Instant value) { createTime = value; return this; }
        public Builder nextAttemptTime(Instant value) { nextAttemptTime = value; return this; }
        public Builder sendTime(Instant value) { sendTime = value; return this; }
        public Builder channel(Channel value) { channel = value; return this; }
        public Builder to(String value) { to = value; return this; }

        public OutboundMessage build() {
            return new OutboundMessage(id, customerId, invitationId, complaintId, kind, reminderNumber, purpose,
                    state, reason, attempts, language, messageIdHeader, createTime, nextAttemptTime, sendTime, channel, to);
        }
    }
}
