package io.exceed.feedback.domain.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Reads the feed so that no event is skipped. Sequences are handed out just before an event is inserted, so a
 * missing number is either an insert still in flight (milliseconds) or one burned by two relays racing for the
 * same event. A reader stops before a gap until the event after it is older than {@link #GAP_GRACE}; then the
 * number is taken as burned.
 */
public class FeedReader {

    static final Duration GAP_GRACE = Duration.ofSeconds(5);

    private final EventFeed feed;
    private final Clock clock;

    public FeedReader(EventFeed feed, Clock clock) {
        this.feed = feed;
        this.clock = clock;
    }

    /** Events read, already filtered by type, and the sequence to continue after. */
    public record Batch(List<SequencedEvent> events, long nextAfterSequence) {
    }

    /** Events after {@code afterSequence} of the given types (all when empty), at most {@code limit} examined. */
    public Batch read(TenantId tenant, long afterSequence, Set<FeedbackEventType> types, int limit) {
        Instant settled = clock.instant().minus(GAP_GRACE);
        long expected = afterSequence + 1;
        long last = afterSequence;
        List<SequencedEvent> read = new ArrayList<>();
        for (SequencedEvent event : feed.after(tenant, afterSequence, limit)) {
            if (event.sequence() != expected && event.relayTime().isAfter(settled)) {
                break;
            }
            last = event.sequence();
            expected = last + 1;
            if (types.isEmpty() || types.contains(event.event().type())) {
                read.add(event);
            }
        }
        return new Batch(List.copyOf(read), last);
    }
}
