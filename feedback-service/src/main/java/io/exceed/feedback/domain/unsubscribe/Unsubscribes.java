package io.exceed.feedback.domain.unsubscribe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.response.ResponseTokens;

/**
 * One-click unsubscribe (RFC 8058) from the e-mails the platform sends. Every e-mail gets a token of its own when it
 * is written: 256 random bits, of which only the hash is stored with the tenant, customer and channel it stands for.
 * One per e-mail rather than one per customer, so nothing readable has to be kept to write the next e-mail, and a
 * link that leaks (a forwarded e-mail) is one link, which ends with its lifetime. It works for that long after the
 * e-mail was written, so the link in an old e-mail still works.
 */
public final class Unsubscribes {

    /** What customer-service records as the withdrawal's source. */
    public static final String SOURCE = "email-unsubscribe";
    /** The source of a withdrawal from the survey page. */
    public static final String SURVEY_PAGE_SOURCE = "survey-page-unsubscribe";
    private static final String UNKNOWN_TOKEN = "unknown";

    private final UnsubscribeLinkStore links;
    private final InvitationStore invitations;
    private final ContactConsents consents;
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long an e-mail's unsubscribe link works after the e-mail is written */
    public Unsubscribes(UnsubscribeLinkStore links, InvitationStore invitations, ContactConsents consents,
            Duration lifetime, Clock clock) {
        this.links = links;
        this.invitations = invitations;
        this.consents = consents;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new token for the e-mail message {@code messageId} to the customer; only its hash is kept. */
    public String issueEmailToken(TenantId tenant, String customerId, String messageId) {
        String token = ResponseTokens.newToken();
        Instant now = clock.instant();
        links.insert(ResponseTokens.hash(token), new UnsubscribeLink(tenant, customerId, Channel.EMAIL, messageId, now,
                now.plus(lifetime)));
        return token;
    }

    /**
     * Withdraws the consent the token's link stands for. Each call withdraws again, with a request id of its own:
     * a customer who consented again since and clicks an old link means it now. An unknown or expired token is
     * NOT_FOUND, without saying which.
     *
     * @throws NotFoundException for an unknown or expired token
     */
    public Channel unsubscribe(String token) {
        Optional<UnsubscribeLink> link = token == null || token.isBlank() ? Optional.empty()
                : links.findByTokenHash(ResponseTokens.hash(token));
        UnsubscribeLink found = link.filter(candidate -> !candidate.expiredAt(clock.instant()))
                .orElseThrow(() -> new NotFoundException("unsubscribe link", UNKNOWN_TOKEN));
        consents.withdraw(found.tenant(), found.customerId(), found.channel(), SOURCE,
                "unsubscribe:" + TimeOrderedIds.next());
        return found.channel();
    }

    /**
     * Withdraws the consent to the channel a survey link's invitation was sent on: the survey page offers it beside
     * the questions and after the answers, so a survey link is an unsubscribe link too, whatever the invitation's
     * state. An unknown token, or an erased customer's, is NOT_FOUND.
     *
     * @throws NotFoundException for a token that opens no invitation of a customer still known
     */
    public Channel unsubscribeFromSurveyLink(String surveyToken) {
        InvitationStore.Found found = (surveyToken == null || surveyToken.isBlank()
                ? Optional.<InvitationStore.Found>empty()
                : invitations.findByTokenHash(ResponseTokens.hash(surveyToken)))
                .filter(invitation -> !CustomerIds.isPseudonym(invitation.invitation().customerId()))
                .orElseThrow(() -> new NotFoundException("survey link", UNKNOWN_TOKEN));
        Channel channel = found.invitation().channel();
        consents.withdraw(found.tenant(), found.invitation().customerId(), channel, SURVEY_PAGE_SOURCE,
                "unsubscribe:" + TimeOrderedIds.next());
        return channel;
    }
}
