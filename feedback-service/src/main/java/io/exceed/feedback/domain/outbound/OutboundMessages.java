package io.exceed.feedback.domain.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.ContactPurpose;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationMail;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * The messages the platform sends: queued for invitations of tenants with an e-mail or SMS channel, for reminders of
 * e-mailed ones (by the dispatcher, as each is sent), for thanks after a sent invitation is answered and for
 * complaints' acknowledgements (both from the feed, so at least once, and once by their keys); listed per customer or
 * invitation. Each is queued with the channel it is tried on first; sending, and the choice of channel, is
 * {@code MailDispatcher}'s.
 */
public class OutboundMessages implements InvitationMail {

    /**
     * How fresh an answer or a complaint must be to be thanked or acknowledged by e-mail. A consumer new to the feed
     * reads it from its start, and a thank-you for an answer given weeks ago would puzzle more than please.
     */
    public static final Duration PROMPT_WINDOW = Duration.ofDays(1);

    private final OutboundMessageStore store;
    private final EmailChannelStore channels;
    private final SmsChannelStore smsChannels;
    private final ResponseStore responses;
    private final ComplaintStore complaints;
    private final Clock clock;

    public OutboundMessages(OutboundMessageStore store, EmailChannelStore channels, SmsChannelStore smsChannels,
            ResponseStore responses, ComplaintStore complaints, Clock clock) {
        this.store = store;
        this.channels = channels;
        this.smsChannels = smsChannels;
        this.responses = responses;
        this.complaints = complaints;
        this.clock = clock;
    }

    /**
     * An invitation on e-mail goes out when the tenant has either channel (by text when it has no e-mail channel or
     * the customer no address); one on SMS only when it has an SMS channel: a tenant that texts its customers itself
     * still gets the link.
     */
    @Override
    public boolean sends(TenantId tenant, Channel channel) {
        return switch (channel) {
            case EMAIL -> channels.exists(tenant) || smsChannels.exists(tenant);
            case SMS -> smsChannels.exists(tenant);
            case PHONE, IN_APP, IN_PERSON, POST -> false;
        };
    }

    @Override
    public Queued queue(TenantId tenant, Invitation invitation, SurveyPurpose purpose, Supplier<String> token) {
        OutboundMessageKind kind = purpose == SurveyPurpose.RECOVERY ? OutboundMessageKind.RECOVERY_INVITATION
                : OutboundMessageKind.SURVEY_INVITATION;
        Channel first = invitation.channel() == Channel.EMAIL && channels.exists(tenant) ? Channel.EMAIL
                : Channel.SMS;
        Instant now = clock.instant();
        String id = queue(tenant, OutboundMessage.builder().customerId(invitation.customerId())
                .invitationId(invitation.id()).kind(kind).purpose(ContactPurpose.of(purpose)).channel(first)
                .nextAttemptTime(now), token);
        // A repeat returns the message queued first, and the channel it was queued with.
        return new Queued(id, store.find(tenant, id).map(OutboundMessage::channel).filter(channel -> channel != null)
                .orElse(first));
    }

    /**
     * Queues reminder {@code number} of the invitation {@code sent} carried (the invitation itself, or the reminder
     * before), due at {@code dueTime}, with the same survey link; once per invitation and number.
     */
    public void queueReminder(TenantId tenant, OutboundMessage sent, int number, Instant dueTime, String surveyToken) {
        queue(tenant, OutboundMessage.builder().customerId(sent.customerId()).invitationId(sent.invitationId())
                .kind(OutboundMessageKind.REMINDER).reminderNumber(number).purpose(sent.purpose())
                .channel(sent.channel()).nextAttemptTime(dueTime), () -> surveyToken);
    }

    /** Answers and new complaints: they may be thanked and acknowledged by e-mail. */
    public static boolean concernsMail(FeedbackEvent event) {
        return switch (event.type()) {
            case RESPONSE_RECEIVED, COMPLAINT_OPENED -> true;
            case DETRACTOR_RECEIVED, COMPLAINT_RESOLVED -> false;
        };
    }

    /** Applies one feed event; safe to repeat (a message's key stores it once). */
    public void onEvent(TenantId tenant, FeedbackEvent event) {
        if (!channels.exists(tenant) && !smsChannels.exists(tenant)) {
            return;
        }
        switch (event.type()) {
            case RESPONSE_RECEIVED -> responses.find(tenant, event.responseId())
                    .ifPresent(response -> thank(tenant, response));
            case COMPLAINT_OPENED -> complaints.find(tenant, event.complaintId())
                    .ifPresent(complaint -> acknowledge(tenant, complaint));
            case DETRACTOR_RECEIVED, COMPLAINT_RESOLVED -> {
            }
        }
    }

    /**
     * Thanks for an answer to an invitation the platform sent the customer, on the channel it went by; asked with
     * the invitation's purpose.
     */
    private void thank(TenantId tenant, Response response) {
        if (response.invitationId() == null || !fresh(response.recordTime())) {
            return;
        }
        store.findByKey(tenant, OutboundMessage.invitationKey(response.invitationId()))
                .filter(invitation -> invitation.state() == OutboundMessageState.SENT)
                .ifPresent(invitation -> queue(tenant, OutboundMessage.builder().customerId(invitation.customerId())
                        .invitationId(invitation.invitationId()).kind(OutboundMessageKind.THANK_YOU)
                        .purpose(invitation.purpose()).channel(invitation.channel())
                        .nextAttemptTime(clock.instant()), () -> null));
    }

    /**
     * Sends a new complaint's acknowledgement; a reopened one (opened again in the feed) was acknowledged when it
     * came in, and its key stores it once anyway.
     */
    private void acknowledge(TenantId tenant, Complaint complaint) {
        if (!fresh(complaint.createTime()) || CustomerIds.isPseudonym(complaint.customerId())) {
            return;
        }
        queue(tenant, OutboundMessage.builder().customerId(complaint.customerId()).complaintId(complaint.id())
                .kind(OutboundMessageKind.COMPLAINT_ACKNOWLEDGEMENT).purpose(ContactPurpose.COMPLAINT_ACKNOWLEDGEMENT)
                .nextAttemptTime(clock.instant()), () -> null);
    }

    private boolean fresh(Instant time) {
        return time != null && time.isAfter(clock.instant().minus(PROMPT_WINDOW));
    }

    private String queue(TenantId tenant, OutboundMessage.Builder draft, Supplier<String> surveyToken) {
        String id = TimeOrderedIds.next();
        // The sender's domain, as mail systems expect of a Message-ID; fixed now, so every attempt sends the same.
        String domain = channels.senderAddress(tenant).map(MailAddresses::domain).orElse("exceed.invalid");
        return store.queue(tenant, draft.id(id).messageIdHeader("<" + id + "@" + domain + ">")
                .createTime(clock.instant()).build(), surveyToken);
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
