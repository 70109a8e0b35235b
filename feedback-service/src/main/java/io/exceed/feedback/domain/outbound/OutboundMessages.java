package io.exceed.feedback.domain.outbound;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationMail;
import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * The messages the platform sends: queued for invitations of tenants with an e-mail channel, and listed per
 * customer or invitation. Sending is {@code MailDispatcher}'s.
 */
public class OutboundMessages implements InvitationMail {

    private final OutboundMessageStore store;
    private final EmailChannelStore channels;
    private final Clock clock;

    public OutboundMessages(OutboundMessageStore store, EmailChannelStore channels, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.clock = clock;
    }

    @Override
    public boolean sends(TenantId tenant, Channel channel) {
        return channel == Channel.EMAIL && channels.exists(tenant);
    }

    @Override
    public String queue(TenantId tenant, Invitation invitation, SurveyPurpose purpose, Supplier<String> token) {
        String id = TimeOrderedIds.next();
        // The sender's domain, as mail systems expect of a Message-ID; fixed now, so every attempt sends the same.
        String domain = channels.senderAddress(tenant).map(MailAddresses::domain).orElse("exceed.invalid");
        OutboundMessageKind kind = purpose == SurveyPurpose.RECOVERY ? OutboundMessageKind.RECOVERY_INVITATION
                : OutboundMessageKind.SURVEY_INVITATION;
        return store.queue(tenant, OutboundMessage.queued(id, invitation.customerId(), invitation.id(), kind, purpose,
                "<" + id + "@" + domain + ">", clock.instant()), token);
    }

    public Page<OutboundMessage> list(TenantId tenant, String customerId, String invitationId, Optional<String> after,
            int limit, Violations violations) {
        violations.require(!blank(customerId) || !blank(invitationId), "customer_id",
                "customer_id or invitation_id is required");
        violations.throwIfAny();
        return store.list(tenant, customerId, invitationId, after, limit);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
