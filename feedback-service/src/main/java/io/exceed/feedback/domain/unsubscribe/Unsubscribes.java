package io.exceed.feedback.domain.unsubscribe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;
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
    private static final String UNKNOWN_TOKEN = "unknown";

    private final UnsubscribeLinkStore links;
    private final ContactConsents consents;
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long an e-mail's unsubscribe link works after the e-mail is written */
    public Unsubscribes(UnsubscribeLinkStore links, ContactConsents consents, Duration lifetime, Clock clock) {
        this.links = links;
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
}
