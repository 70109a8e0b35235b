package io.exceed.feedback.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntUnaryOperator;

import io.exceed.feedback.domain.outbound.OutboundMessageStore;
import io.exceed.feedback.domain.unsubscribe.UnsubscribeLinkStore;

/**
 * Keeps what the platform sends from growing without end: deletes outbound messages that ended longer than the
 * retention period ago (the per-customer list of messages sent then reaches back that far) and unsubscribe links
 * that have expired. Runs on every replica; deletes are idempotent, so replicas racing each other only repeat work.
 * A full batch is followed by another at once, so a backlog drains one bounded delete at a time.
 *
 * <p>The retention must outlast everything that could queue a message under a deleted one's key again: a thank-you
 * or an acknowledgement is queued only for an event less than a day old, which is why it is at least
 * {@link #MINIMUM_RETENTION}.
 */
public class OutboundRetention {

    public static final Duration MINIMUM_RETENTION = Duration.ofDays(7);

    /** What one purge deleted. */
    public record Purged(long messages, long unsubscribeLinks) {
    }

    private final OutboundMessageStore messages;
    private final UnsubscribeLinkStore unsubscribeLinks;
    private final Duration retention;
    private final int batch;
    private final Clock clock;

    public OutboundRetention(OutboundMessageStore messages, UnsubscribeLinkStore unsubscribeLinks,
            Duration retention, int batch, Clock clock) {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("exceed.feedback.mail.retention is " + retention
                    + ": it must be at least " + MINIMUM_RETENTION.toDays() + " days");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("exceed.feedback.mail.purge-batch is " + batch + ": it must be at least 1");
        }
        this.messages = messages;
        this.unsubscribeLinks = unsubscribeLinks;
        this.retention = retention;
        this.batch = batch;
        this.clock = clock;
    }

    public Purged purge() {
        Instant now = clock.instant();
        long deletedMessages = drain(limit -> messages.purgeFinishedBefore(now.minus(retention), limit));
        long deletedLinks = drain(limit -> unsubscribeLinks.purgeExpired(now, limit));
        return new Purged(deletedMessages, deletedLinks);
    }

    private long drain(IntUnaryOperator deleteUpTo) {
        long deleted = 0;
        int last;
        do {
            last = deleteUpTo.applyAsInt(batch);
            deleted += last;
        } while (last == batch);
        return deleted;
    }
}
