package io.exceed.feedback.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.tenancy.TenantId;
import io.github.resilience4j.core.IntervalFunction;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.complaint.Acknowledgement;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.outbound.CustomerProfiles;
import io.exceed.feedback.domain.outbound.EmailChannel;
import io.exceed.feedback.domain.outbound.EmailChannelStore;
import io.exceed.feedback.domain.outbound.EmailReminders;
import io.exceed.feedback.domain.outbound.MailTransport;
import io.exceed.feedback.domain.outbound.MessageWording;
import io.exceed.feedback.domain.outbound.OutboundMessage;
import io.exceed.feedback.domain.outbound.OutboundMessageKind;
import io.exceed.feedback.domain.outbound.OutboundMessageState;
import io.exceed.feedback.domain.outbound.OutboundMessageStore;
import io.exceed.feedback.domain.outbound.OutboundMessages;
import io.exceed.feedback.domain.outbound.PhoneNumbers;
import io.exceed.feedback.domain.outbound.SmsChannel;
import io.exceed.feedback.domain.outbound.SmsChannelStore;
import io.exceed.feedback.domain.outbound.SmsTransport;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.ContactGovernor;
import io.exceed.feedback.domain.response.Invitation;
import io.exceed.feedback.domain.response.InvitationState;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.response.ReserveContact;
import io.exceed.feedback.domain.unsubscribe.ContactConsents;
import io.exceed.feedback.domain.unsubscribe.TextedNumberStore;
import io.exceed.feedback.domain.unsubscribe.Unsubscribes;

/**
 * Sends what is due, on every replica: each message is claimed under a lease by one replica, checked (the
 * invitation still pending for one with a link, answered for a thank-you; the tenant's channels, the customer's
 * address or phone), routed (e-mail where the tenant has an e-mail channel and the customer an address mail reaches,
 * else a text where it has an SMS channel and the customer a phone number; a channel the governor refuses for good
 * gives way to the other), put to the contact governor, written in the customer's language (the tenant's template,
 * else the built-in wording) and handed to the tenant's SMTP server (with an unsubscribe link of its own) or SMS
 * provider (with the opt-out line). The route is fixed once granted, so retries go the same way; only e-mails get
 * reminders.
 * A temporary failure is tried again with backoff, a permanent one ends the message; either way the reason is
 * stored on it. An invitation or reminder the server took queues the next reminder, due after the tenant's delay.
 *
 * <p>The governor is asked with the message's id as request id: a retry after an SMTP failure (or a crash) gets
 * the same grant back instead of taking a second contact slot. Quiet hours and an exhausted budget defer the
 * message to the time the governor names; no consent skips it.
 */
public class MailDispatcher {

    public static final String ACTOR = "feedback-service (e-mail)";
    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    /**
     * @param batch        messages claimed per pass
     * @param lease        how long a replica holds a message while sending it; longer than an SMTP attempt can last
     * @param firstBackoff the wait after the first temporary failure, doubled after each further one
     * @param maxBackoff   the longest wait
     * @param maxAttempts  attempts before a message that keeps failing temporarily is given up (FAILED)
     * @param surveyLinkBase what the survey token is appended to
     * @param unsubscribeLinkBase what the unsubscribe token is appended to
     */
    public record Settings(int batch, Duration lease, Duration firstBackoff, Duration maxBackoff, int maxAttempts,
            String surveyLinkBase, String unsubscribeLinkBase) {
    }

    /**
     * What texting needs besides what e-mail does.
     *
     * @param numbers  the customers texted at each number, for STOP replies
     * @param consents told when the provider says a customer opted out
     */
    public record Texts(SmsChannelStore channels, SmsTransport transport, TextedNumberStore numbers,
            ContactConsents consents) {
    }

    /** What customer-service records as the source of a withdrawal the SMS provider reported. */
    public static final String SMS_OPT_OUT_SOURCE = "sms-provider-opt-out";

    private final OutboundMessageStore messages;
    private final OutboundMessages outbound;
    private final EmailChannelStore channels;
    private final InvitationStore invitations;
    private final ComplaintStore complaints;
    private final CustomerProfiles profiles;
    private final Optional<ContactGovernor> governor;
    private final MailTransport transport;
    private final Unsubscribes unsubscribes;
    private final MessageWording wording;
    private final Texts texts;
    private final Settings settings;
    private final IntervalFunction backoff;
    private final Clock clock;

    public MailDispatcher(OutboundMessageStore messages, OutboundMessages outbound, EmailChannelStore channels,
            InvitationStore invitations, ComplaintStore complaints, CustomerProfiles profiles,
            Optional<ContactGovernor> governor, MailTransport transport, Unsubscribes unsubscribes,
            MessageWording wording, Texts texts, Settings settings, Clock clock) {
        this.messages = messages;
        this.outbound = outbound;
        this.channels = channels;
        this.invitations = invitations;
        this.complaints = complaints;
        this.profiles = profiles;
        this.governor = governor;
        this.transport = transport;
        this.unsubscribes = unsubscribes;
        this.wording = wording;
        this.texts = texts;
        this.settings = settings;
        this.backoff = IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0, settings.maxBackoff());
        this.clock = clock;
    }

    /** One pass: claims a batch and sends it. Returns whether the batch was full (more may be due). */
    public boolean dispatchDue() {
        List<OutboundMessageStore.Claimed> claimed = messages.claimDue(clock.instant(), settings.lease(),
                settings.batch());
        claimed.forEach(this::dispatch);
        return claimed.size() == settings.batch();
    }

    private void dispatch(OutboundMessageStore.Claimed claimed) {
        TenantId tenant = claimed.tenant();
        OutboundMessage message = claimed.message();
        try {
            attempt(tenant, message, claimed.surveyToken());
        } catch (RuntimeException unexpected) {
            log.warn("outbound message {} of tenant {} could not be attempted; tried again later", message.id(),
                    tenant, unexpected);
            retryLater(tenant, message, message.attempts(), "NOT_ATTEMPTED: " + unexpected.getClass().getSimpleName());
        }
    }

    /** What a message will say and in which language, once it is known it should go. */
    private sealed interface Preparation {
    }

    /**
     * @param preferredLanguage the language the content is in, before the customer's (an acknowledgement's)
     * @param fallbackLanguage  the language after the customer's (the invitation's)
     * @param invitation        the pending invitation a link-carrying message is of; null otherwise
     */
    private record Ready(MessageWording.Content content, String preferredLanguage, String fallbackLanguage,
            Invitation invitation) implements Preparation {
    }

    private record Ended(OutboundMessageState state, String reason) implements Preparation {
    }

    private void attempt(TenantId tenant, OutboundMessage message, String surveyToken) {
        Ready ready;
        switch (prepare(tenant, message, surveyToken)) {
            case Ended ended -> {
                end(tenant, message, ended.state(), ended.reason());
                return;
            }
            case Ready prepared -> ready = prepared;
        }
        Optional<EmailChannel> channel = channels.find(tenant);
        Optional<SmsChannel> smsChannel = texts.channels().find(tenant);
        if (channel.isEmpty() && smsChannel.isEmpty()) {
            end(tenant, message, OutboundMessageState.FAILED, "NO_EMAIL_CHANNEL");
            return;
        }
        Optional<CustomerProfiles.Recipient> recipient;
        try {
            recipient = profiles.recipient(tenant, message.customerId());
        } catch (RuntimeException unavailable) {
            retryLater(tenant, message, message.attempts(), "CUSTOMER_SERVICE_UNAVAILABLE");
            return;
        }
        if (recipient.isEmpty()) {
            end(tenant, message, OutboundMessageState.SKIPPED, "UNKNOWN_CUSTOMER");
            return;
        }
        Optional<Route> route = route(tenant, message, channel, smsChannel, recipient.get());
        if (route.isEmpty()) {
            return;
        }
        int attempts = message.attempts() + 1;
        if (route.get().channel() == Channel.SMS) {
            text(tenant, message, ready, smsChannel.get(), route.get().to(), recipient.get().language(), attempts);
            return;
        }
        // A token per attempt: only its hash is kept, so a retry cannot write the last one again, and an attempt
        // that reached the customer after all (a timeout after the server took it) keeps a link that works.
        String unsubscribeLink = settings.unsubscribeLinkBase()
                + unsubscribes.issueEmailToken(tenant, message.customerId(), message.id());
        MessageWording.Rendered rendered = wording.render(tenant, Channel.EMAIL, message.kind(), ready.content(),
                unsubscribeLink, ready.preferredLanguage(), recipient.get().language(), ready.fallbackLanguage());
        String language = rendered.language();
        String address = route.get().to();
        MailTransport.Outcome outcome = transport.send(channel.get(), new MailTransport.Mail(message.messageIdHeader(),
                address, rendered.subject(), rendered.text(), rendered.html(), language, unsubscribeLink));
        switch (outcome) {
            case MailTransport.Accepted accepted -> {
                if (message.kind().carriesLink()) {
                    remindLater(tenant, message, ready.invitation(), channel.get().reminders(), surveyToken);
                }
                messages.sent(tenant, message.id(), language, attempts, clock.instant());
            }
            case MailTransport.PermanentFailure permanent -> {
                log.info("outbound message {} of tenant {} bounced: {}", message.id(), tenant, permanent.reason());
                messages.finished(tenant, message.id(), OutboundMessageState.BOUNCED, permanent.reason(), attempts);
                markUndeliverable(tenant, message, Channel.EMAIL, address, permanent.reason());
            }
            case MailTransport.TemporaryFailure temporary -> failedForNow(tenant, message, attempts,
                    temporary.reason(), null);
        }
    }

    /** Where a message goes: a channel and the address or number on it. */
    private record Route(Channel channel, String to) {
    }

    /**
     * The message's route: the one fixed at an earlier attempt, else the first the tenant's channels, the customer's
     * profile and the governor allow, tried in the message's order (e-mail first unless it was queued for a text).
     * A channel the governor refuses for good (no consent, undeliverable) gives way to the next; quiet hours and a
     * spent budget defer the message. Empty when the message was deferred or ended here.
     */
    private Optional<Route> route(TenantId tenant, OutboundMessage message, Optional<EmailChannel> email,
            Optional<SmsChannel> sms, CustomerProfiles.Recipient recipient) {
        if (message.to() != null) {
            boolean channelKept = message.channel() == Channel.SMS ? sms.isPresent() : email.isPresent();
            if (!channelKept) {
                end(tenant, message, OutboundMessageState.FAILED, message.channel() == Channel.SMS
                        ? "NO_SMS_CHANNEL" : "NO_EMAIL_CHANNEL");
                return Optional.empty();
            }
            Grant grant = granted(tenant, message, message.channel());
            if (grant.answer() == Answer.REFUSED) {
                end(tenant, message, OutboundMessageState.SKIPPED, grant.refusal());
            }
            return grant.answer() == Answer.GRANTED ? Optional.of(new Route(message.channel(), message.to()))
                    : Optional.empty();
        }
        List<Route> candidates = new ArrayList<>();
        if (email.isPresent() && !recipient.emails().isEmpty()) {
            candidates.add(new Route(Channel.EMAIL, recipient.emails().getFirst()));
        }
        recipient.phones().stream().filter(PhoneNumbers::isE164).findFirst()
                .filter(phone -> sms.isPresent())
                .ifPresent(phone -> candidates.add(message.channel() == Channel.SMS ? 0 : candidates.size(),
                        new Route(Channel.SMS, phone)));
        if (candidates.isEmpty()) {
            OutboundMessageState state = message.kind().requested() ? OutboundMessageState.FAILED
                    : OutboundMessageState.SKIPPED;
            end(tenant, message, state, unreachable(message, email, sms, recipient));
            return Optional.empty();
        }
        String refusal = null;
        for (Route candidate : candidates) {
            Grant grant = granted(tenant, message, candidate.channel());
            switch (grant.answer()) {
                case GRANTED -> {
                    messages.route(tenant, message.id(), candidate.channel(), candidate.to());
                    return Optional.of(candidate);
                }
                case WAITING -> {
                    return Optional.empty();
                }
                case REFUSED -> refusal = refusal == null ? grant.refusal() : refusal;
            }
        }
        end(tenant, message, OutboundMessageState.SKIPPED, refusal);
        return Optional.empty();
    }

    /**
     * Why no route is left, on the channel the message tries first: the customer has no address or number there, or
     * none that messages still reach.
     */
    private static String unreachable(OutboundMessage message, Optional<EmailChannel> email, Optional<SmsChannel> sms,
            CustomerProfiles.Recipient recipient) {
        if (email.isEmpty() || message.channel() == Channel.SMS && sms.isPresent()) {
            return recipient.undeliverablePhones().isEmpty() ? "NO_PHONE_NUMBER" : "PHONE_UNDELIVERABLE";
        }
        return recipient.undeliverableEmails().isEmpty() ? "NO_EMAIL_ADDRESS" : "EMAIL_UNDELIVERABLE";
    }

    /**
     * Texts the message: the number is recorded first (a STOP reply from it then reaches the customer, even after a
     * crash between the provider taking the text and the message being marked), then the provider is asked once.
     */
    private void text(TenantId tenant, OutboundMessage message, Ready ready, SmsChannel channel, String number,
            String customerLanguage, int attempts) {
        texts.numbers().remember(tenant, number, message.customerId());
        MessageWording.Rendered rendered = wording.render(tenant, Channel.SMS, message.kind(), ready.content(), null,
                ready.preferredLanguage(), customerLanguage, ready.fallbackLanguage());
        switch (texts.transport().send(channel, new SmsTransport.Sms(number, rendered.text()))) {
            case SmsTransport.Accepted accepted -> messages.sent(tenant, message.id(), rendered.language(), attempts,
                    clock.instant());
            case SmsTransport.PermanentFailure permanent -> {
                log.info("outbound message {} of tenant {} was refused by the SMS provider: {}", message.id(), tenant,
                        permanent.reason());
                messages.finished(tenant, message.id(), OutboundMessageState.BOUNCED, permanent.reason(), attempts);
                switch (permanent.cause()) {
                    case RECIPIENT_OPTED_OUT -> withdrawSmsConsent(tenant, message);
                    case NUMBER_UNDELIVERABLE -> markUndeliverable(tenant, message, Channel.SMS, number,
                            permanent.reason());
                    case MESSAGE_REFUSED -> {
                        // The number may be fine: the next text goes there again.
                    }
                }
            }
            case SmsTransport.TemporaryFailure temporary -> failedForNow(tenant, message, attempts,
                    temporary.reason(), temporary.notBefore());
        }
    }

    /**
     * The provider says the customer opted out of this sender's texts: customer-service is told, so the governor
     * refuses their next text. Best effort, as a bounce's report is: the provider refuses the next text as well.
     */
    private void withdrawSmsConsent(TenantId tenant, OutboundMessage message) {
        try {
            texts.consents().withdraw(tenant, message.customerId(), Channel.SMS, SMS_OPT_OUT_SOURCE,
                    "sms-opt-out:" + message.id());
        } catch (RuntimeException e) {
            log.warn("could not tell customer-service that {} opted out of texts: {}", message.customerId(),
                    e.toString());
        }
    }

    /** A temporary failure: tried again with backoff, no sooner than {@code notBefore}, or given up (FAILED). */
    private void failedForNow(TenantId tenant, OutboundMessage message, int attempts, String reason,
            Instant notBefore) {
        if (attempts >= settings.maxAttempts()) {
            messages.finished(tenant, message.id(), OutboundMessageState.FAILED,
                    "gave up after " + attempts + " attempts: " + reason, attempts);
            return;
        }
        Instant next = clock.instant().plusMillis(backoff.apply(attempts));
        messages.deferred(tenant, message.id(), reason, attempts,
                notBefore != null && notBefore.isAfter(next) ? notBefore : next);
    }

    /**
     * Tells customer-service the address (e-mail) or number (SMS) failed for good, so later messages go to another
     * of the customer's addresses or numbers, or none. Best effort: the message has ended either way, and if
     * customer-service cannot be told now, the next message there fails and tells it again.
     */
    private void markUndeliverable(TenantId tenant, OutboundMessage message, Channel channel, String address,
            String reason) {
        try {
            profiles.markUndeliverable(tenant, message.customerId(), channel, address, reason);
        } catch (RuntimeException e) {
            log.warn("could not tell customer-service that {}'s {} address failed for good ({}): {}",
                    message.customerId(), channel, reason, e.toString());
        }
    }

    /**
     * Whether the message should still go, and what it says: one with a survey link only while its invitation is
     * pending; a thank-you only for an answered invitation; an acknowledgement only for a complaint whose customer
     * was not erased.
     */
    private Preparation prepare(TenantId tenant, OutboundMessage message, String surveyToken) {
        return switch (message.kind()) {
            case SURVEY_INVITATION, RECOVERY_INVITATION, REMINDER -> {
                Optional<Invitation> invitation = invitations.find(tenant, message.invitationId());
                InvitationState state = stateOf(invitation);
                if (state != InvitationState.PENDING) {
                    yield new Ended(OutboundMessageState.SKIPPED, "INVITATION_" + state.name());
                }
                if (surveyToken == null) {
                    yield new Ended(OutboundMessageState.FAILED, "SURVEY_LINK_UNAVAILABLE");
                }
                yield new Ready(MessageWording.Content.survey(settings.surveyLinkBase() + surveyToken,
                        invitation.get().expireTime()), null, invitation.get().language(), invitation.get());
            }
            case THANK_YOU -> {
                Optional<Invitation> invitation = invitations.find(tenant, message.invitationId());
                InvitationState state = stateOf(invitation);
                yield state == InvitationState.RESPONDED
                        ? new Ready(MessageWording.Content.none(), null, invitation.get().language(), null)
                        : new Ended(OutboundMessageState.SKIPPED, "INVITATION_" + state.name());
            }
            case COMPLAINT_ACKNOWLEDGEMENT -> {
                Optional<Complaint> complaint = complaints.find(tenant, message.complaintId());
                if (complaint.isEmpty()) {
                    yield new Ended(OutboundMessageState.SKIPPED, "COMPLAINT_NOT_FOUND");
                }
                if (CustomerIds.isPseudonym(complaint.get().customerId())) {
                    yield new Ended(OutboundMessageState.SKIPPED, "CUSTOMER_ERASED");
                }
                Acknowledgement acknowledgement = complaint.get().acknowledgement();
                yield acknowledgement == null ? new Ended(OutboundMessageState.SKIPPED, "NOT_ACKNOWLEDGED")
                        : new Ready(MessageWording.Content.acknowledgement(acknowledgement.message()),
                                acknowledgement.language(), complaint.get().language(), null);
            }
        };
    }

    private InvitationState stateOf(Optional<Invitation> invitation) {
        return invitation.map(found -> found.stateAt(clock.instant())).orElse(InvitationState.REVOKED);
    }

    /**
     * Queues the next reminder of an invitation whose message (the invitation, or a reminder) the server just
     * took, before that message is marked sent: a crash in between sends it again, as any crash after the server
     * took it does, and finds the reminder already queued under its key, so it is never doubled. The invitation was
     * pending a moment ago; a reminder that would come after it expires, or past the tenant's number, is not queued.
     * A reminder that cannot be queued now is lost rather than the message sent twice.
     */
    private void remindLater(TenantId tenant, OutboundMessage sent, Invitation invitation, EmailReminders reminders,
            String surveyToken) {
        int number = sent.kind() == OutboundMessageKind.REMINDER ? sent.reminderNumber() + 1 : 1;
        Instant due = clock.instant().plus(reminders.delay());
        if (!reminders.allows(number) || !due.isBefore(invitation.expireTime())) {
            return;
        }
        try {
            outbound.queueReminder(tenant, sent, number, due, surveyToken);
        } catch (RuntimeException failed) {
            log.warn("reminder {} of invitation {} of tenant {} could not be queued; it goes without", number,
                    invitation.id(), tenant, failed);
        }
    }

    /** What the governor said of one channel. */
    private enum Answer {
        GRANTED,
        /** The message was deferred: quiet hours, a spent budget, the governor unavailable. */
        WAITING,
        /** Denied for good on this channel (no consent, undeliverable). */
        REFUSED
    }

    /** @param refusal the governor's reason, with {@link Answer#REFUSED} */
    private record Grant(Answer answer, String refusal) {

        static final Grant GRANTED = new Grant(Answer.GRANTED, null);
        static final Grant WAITING = new Grant(Answer.WAITING, null);
    }

    /** Asks the governor about the channel, with the message's id as request id; a deferral is recorded here. */
    private Grant granted(TenantId tenant, OutboundMessage message, Channel channel) {
        if (governor.isEmpty()) {
            return Grant.GRANTED;
        }
        ContactGovernor.Decision decision;
        try {
            decision = governor.get().reserve(tenant, new ReserveContact(message.customerId(), channel,
                    message.purpose(), ACTOR, message.id()));
        } catch (RuntimeException unavailable) {
            retryLater(tenant, message, message.attempts(), "CONTACT_GOVERNOR_UNAVAILABLE");
            return Grant.WAITING;
        }
        if (decision.granted()) {
            return Grant.GRANTED;
        }
        String reason = decision.denialReason();
        if ("QUIET_HOURS".equals(reason) || "BUDGET_EXHAUSTED".equals(reason) && message.kind().waitsForBudget()) {
            Instant next = decision.nextAllowedTime() != null ? decision.nextAllowedTime()
                    : clock.instant().plus(settings.firstBackoff());
            messages.deferred(tenant, message.id(), reason, message.attempts(), next);
            return Grant.WAITING;
        }
        return new Grant(Answer.REFUSED, reason);
    }

    private void retryLater(TenantId tenant, OutboundMessage message, int attempts, String reason) {
        // An unattempted message (attempts 0) waits as long as one that failed once.
        messages.deferred(tenant, message.id(), reason, attempts,
                clock.instant().plusMillis(backoff.apply(Math.max(attempts, 1))));
    }

    private void end(TenantId tenant, OutboundMessage message, OutboundMessageState state, String reason) {
        messages.finished(tenant, message.id(), state, reason, message.attempts());
    }
}
