package io.exceed.eventing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * How far the {@link OutboxRelay} is behind, tagged with the feed: {@code exceed.outbox.backlog}, the events waiting
 * in the source documents' outboxes, and {@code exceed.outbox.oldest.age}, how long the oldest of them has waited.
 * A relay that keeps up leaves events there for a second at most, so a backlog that ages means a relay that fails
 * or stalls, and the feed's readers wait.
 * <p>
 * Cheap by design: the figures are counted at most once per {@code refreshInterval}, not per scrape, with the
 * sweep's query limited to {@code limit} documents per source and reading only the events' ids (so a huge backlog
 * reads as at least what was counted). No event records when it was written, and no replica's clock should decide
 * anything, so the age is how long this replica has seen the oldest event waiting, by its monotonic clock, from the
 * first count that found it: late by up to one interval, never early.
 */
public final class OutboxBacklog implements MeterBinder {

    private final Feed<?> feed;
    private final int limit;
    private final long refreshNanos;
    private final LongSupplier ticker;
    /** Events found waiting at the last count, and when this replica first found each. */
    private final Map<String, Long> firstSeen = new HashMap<>();
    private long countedAt;
    private boolean counted;
    private int backlog;
    private long oldestAgeNanos;

    /**
     * Counted every 30 s (the scrape interval), reading at most 1,000 documents per source: a backlog that large
     * already means the relay is far behind.
     */
    public OutboxBacklog(Feed<?> feed) {
        this(feed, 1_000, Duration.ofSeconds(30), System::nanoTime);
    }

    /**
     * @param limit           documents read per source collection at most
     * @param refreshInterval how often the figures are counted again
     * @param ticker          this replica's monotonic clock in nanoseconds (tests move it)
     */
    OutboxBacklog(Feed<?> feed, int limit, Duration refreshInterval, LongSupplier ticker) {
        this.feed = feed;
        this.limit = limit;
        this.refreshNanos = refreshInterval.toNanos();
        this.ticker = ticker;
    }

    /** The events waiting to be relayed, as of the last count. */
    synchronized int backlog() {
        countIfDue();
        return backlog;
    }

    /** How long the oldest waiting event has waited, as of the last count. */
    synchronized Duration oldestAge() {
        countIfDue();
        return Duration.ofNanos(oldestAgeNanos);
    }

    /** A count that fails (the store is down) is tried again only after the interval, so scrapes stay quick. */
    private void countIfDue() {
        long now = ticker.getAsLong();
        if (counted && now - countedAt < refreshNanos) {
            return;
        }
        counted = true;
        countedAt = now;
        Map<String, Long> waiting = new HashMap<>();
        for (MongoCollection<Document> source : feed.sources().values()) {
            for (Document document : source.find(Filters.exists(Outbox.FIELD + ".0"))
                    .projection(Projections.include(Outbox.FIELD + "._id")).limit(limit)) {
                for (Document event : document.getList(Outbox.FIELD, Document.class, List.of())) {
                    String id = event.getString("_id");
                    waiting.put(id, firstSeen.getOrDefault(id, now));
                }
            }
        }
        firstSeen.clear();
        firstSeen.putAll(waiting);
        backlog = waiting.size();
        oldestAgeNanos = now - waiting.values().stream().mapToLong(Long::longValue).min().orElse(now);
    }

    /** The gauges hold this binder strongly: a gauge's state is weakly held by default, and nothing else may. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("exceed.outbox.backlog", this, OutboxBacklog::backlog)
                .description("Events recorded in the outbox and not yet relayed into the feed")
                .tag("feed", feed.name()).strongReference(true).register(registry);
        Gauge.builder("exceed.outbox.oldest.age", this, backlog -> backlog.oldestAge().toMillis() / 1000.0)
                .description("How long the oldest event not yet relayed into the feed has waited, in seconds")
                .tag("feed", feed.name()).baseUnit("seconds").strongReference(true).register(registry);
    }
}
