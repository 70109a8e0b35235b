package io.exceed.feedback.domain.response;

import java.util.function.Supplier;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * The platform sending invitations itself (by e-mail or text, for tenants with an e-mail or an SMS channel). For
 * those, the contact governor is asked when the message is sent, not when the invitation is issued.
 */
public interface InvitationMail {

    /** No channel anywhere: every link is returned to the caller. */
    InvitationMail NONE = new InvitationMail() {
        @Override
        public boolean sends(TenantId tenant, Channel channel) {
            return false;
        }

        @Override
        public Queued queue(TenantId tenant, Invitation invitation, SurveyPurpose purpose, Supplier<String> token) {
            throw new IllegalStateException("no e-mail channel");
        }
    };

    /** Whether the platform sends the tenant's invitations on {@code channel}. */
    boolean sends(TenantId tenant, Channel channel);

    /** A queued message and the channel it is tried on first (e-mail or SMS). */
    record Queued(String messageId, Channel channel) {
    }

    /**
     * Queues the message carrying the invitation's link, once per invitation: a repeat returns the message queued
     * first. {@code token} is asked only when a message is queued.
     */
    Queued queue(TenantId tenant, Invitation invitation, SurveyPurpose purpose, Supplier<String> token);
}
