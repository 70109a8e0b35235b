package io.exceed.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.exceed.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The relay's backlog as platform teams see it, counted on the embedded store through the real driver. */
class OutboxBacklogTest extends StoreBackedTest {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final AtomicLong ticker = new AtomicLong();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private void write(String collection, String id, String... events) {
        database.getCollection(collection).insertOne(new Document("_id", id).append("tenant", "acme")
                .append(Outbox.FIELD, List.of(events).stream().map(e -> new Document("_id", e)).toList()));
    }

    private double gauge(String name) {
        return registry.get(name).tag("feed", "events").gauge().value();
    }

    private void after(Duration duration) {
        ticker.addAndGet(duration.toNanos());
    }

    @Test
    void waitingEventsAreCountedWithTheAgeOfTheOldestAndBothAreZeroOnceRelayed() {
        Feed<String> feed = feed(database, "orders", "customers");
        new OutboxBacklog(feed, 100, REFRESH, ticker::get).bindTo(registry);
        assertThat(gauge("exceed.outbox.backlog")).as("registered before any event").isZero();
        assertThat(gauge("exceed.outbox.oldest.age")).isZero();

        write("orders", "o-1", "e-01", "e-02");
        write("customers", "c-1", "e-03");
        assertThat(gauge("exceed.outbox.backlog")).as("counted once per interval").isZero();
        after(REFRESH);
        assertThat(gauge("exceed.outbox.backlog")).isEqualTo(3);
        assertThat(gauge("exceed.outbox.oldest.age")).as("first seen at this count").isZero();

        after(REFRESH);
        assertThat(gauge("exceed.outbox.oldest.age")).isEqualTo(REFRESH.toSeconds());

        new OutboxRelay(feed, new Outbox<>(feed, event -> new Document("_id", event), 10),
                new OutboxRelay.Settings(10, Duration.ofMinutes(5)), new MutableClock()).sweep();
        after(REFRESH);
        assertThat(gauge("exceed.outbox.backlog")).isZero();
        assertThat(gauge("exceed.outbox.oldest.age")).isZero();
    }

    @Test
    void aHugeBacklogIsCountedInABoundedReadAndStillShows() {
        Feed<String> feed = feed(database, "orders");
        new OutboxBacklog(feed, 2, REFRESH, ticker::get).bindTo(registry);
        for (int i = 1; i <= 5; i++) {
            write("orders", "o-" + i, "e-" + i);
        }
        after(REFRESH);

        assertThat(gauge("exceed.outbox.backlog")).as("two documents read at most").isEqualTo(2);
    }

    @Test
    void theGaugesOutliveACollectionWhenOnlyTheRegistryHoldsTheBinder() {
        new OutboxBacklog(feed(database, "orders"), 100, REFRESH, ticker::get).bindTo(registry);
        write("orders", "o-1", "e-1");
        System.gc();

        assertThat(gauge("exceed.outbox.backlog")).as("a weakly held binder reads NaN once collected").isEqualTo(1);
    }
}
