package io.exceed.feedback.domain.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

/**
 * Outbound messages, durable before they are sent. Each is claimed under a lease by one replica at a time; the
 * outcome of an attempt is recorded only while the lease is still held, so a replica whose lease ran out (and
 * whose message another replica took) changes nothing.
 */
public interface OutboundMessageStore {

    /**
     * Stores {@code message} unless one with its {@link OutboundMessage#key() key} is stored already; returns the id
     * of the one stored. {@code surveyToken} (asked only when a message is stored; null for a message without a
     * link) is kept encrypted until it is sent.
     */
    String queue(TenantId tenant, OutboundMessage message, Supplier<String> surveyToken);

    /** The message with this {@link OutboundMessage#key() key}. */
    Optional<OutboundMessage> findByKey(TenantId tenant, String key);

    /** A message claimed for sending, with its survey token: null when it has none it can read. */
    record Claimed(TenantId tenant, OutboundMessage message, String surveyToken) {
    }

    /** Claims up to {@code limit} queued or deferred messages whose next attempt is due. */
    List<Claimed> claimDue(Instant now, Duration lease, int limit);

    /**
     * Fixes the channel and the address or number the message goes to, once the governor granted it, so every
     * retry goes the same way; only while this replica holds the message's lease, which it keeps.
     */
    void route(TenantId tenant, String id, Channel channel, String to);

    void sent(TenantId tenant, String id, String language, int attempts, Instant sendTime);

    void deferred(TenantId tenant, String id, String reason, int attempts, Instant nextAttemptTime);

    /** Ends the message as FAILED, BOUNCED or SKIPPED with the reason; its survey token is dropped. */
    void finished(TenantId tenant, String id, OutboundMessageState state, String reason, int attempts);

    /**
     * Deletes up to {@code limit} messages that became final (sent, failed, bounced, skipped) before {@code cutoff};
     * returns how many. A message still to be sent is never deleted.
     */
    int purgeFinishedBefore(Instant cutoff, int limit);

    Optional<OutboundMessage> find(TenantId tenant, String id);

    /** In queue order; by customer, by invitation, or both. */
    Page<OutboundMessage> list(TenantId tenant, String customerId, String invitationId, Optional<String> afterId,
            int limit);
}
