package io.exceed.eventing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Reads a feed so that no event is skipped. Sequences are handed out just before an event is inserted, so a
 * missing number is either an insert still in flight (milliseconds) or one burned by two writers racing for the
 * same event. A reader stops before a gap until the entry after it is older than {@link #GAP_GRACE}; then the
 * number is taken as burned.
 */
public class FeedReader<E> {

    static final Duration GAP_GRACE = Duration.ofSeconds(5);

    private final FeedSource<E> feed;
    private final Clock clock;

    public FeedReader(FeedSource<E> feed, Clock clock) {
        this.feed = feed;
        this.clock = clock;
    }

    /** Entries read, already filtered, and the sequence to continue after. */
    public record Batch<E>(List<FeedEntry<E>> entries, long nextAfterSequence) {
    }

    /** Wanted entries after {@code afterSequence}, at most {@code limit} examined. */
    public Batch<E> read(TenantId tenant, long afterSequence, Predicate<E> wanted, int limit) {
        Instant settled = clock.instant().minus(GAP_GRACE);
        long expected = afterSequence + 1;
        long last = afterSequence;
        List<FeedEntry<E>> read = new ArrayList<>();
        for (FeedEntry<E> entry : feed.after(tenant, afterSequence, limit)) {
            if (entry.sequence() != expected && entry.appendTime().isAfter(settled)) {
                break;
            }
            last = entry.sequence();
            expected = last + 1;
            if (wanted.test(entry.event())) {
                read.add(entry);
            }
        }
        return new Batch<>(List.copyOf(read), last);
    }
}
