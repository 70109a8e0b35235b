package io.exceed.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.tenancy.TenantId;

/**
 * No event is skipped or reordered because of clocks: every interleaving below is forced (a replica paused at a
 * chosen call, two relays held at a barrier), none waits on a sleep, and each replica's clock is set apart from the
 * others'. Each feed instance is one replica; they share the store, as replicas do.
 */
class FeedTest extends StoreBackedTest {

    private static final TenantId ACME = new TenantId("acme");
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final FeedDelivery.Settings DELIVERY = new FeedDelivery.Settings(100, Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    private static Feed<String> feed(MongoDatabase database) {
        return feed(database, "orders");
    }

    /** A consumer on a replica whose clock is {@code skew} away from the others'. */
    private FeedDelivery<String> consumer(String name, Duration skew) {
        return new FeedDelivery<>(name, feed(database), event -> true, (tenant, event) -> received.add(event),
                database.getCollection("cursors"), DELIVERY,
                new DeadLetters(database.getCollection("dead_letters"), Clock.systemUTC()), name + "-replica",
                Clock.fixed(NOW.plus(skew), ZoneOffset.UTC));
    }

    private List<String> feedOrder() {
        return feed(database).read(ACME, 0, event -> true, 100).entries().stream().map(FeedEntry::event).toList();
    }

    /** A change and its events written in one document by a store, after each event reserved its place. */
    private void write(Outbox<String> outbox, String documentId, String... events) {
        database.getCollection("orders").insertOne(new Document("_id", documentId).append("tenant", ACME.value())
                .append(Outbox.FIELD, outbox.reserve(ACME, "orders", documentId, List.of(events))));
        outbox.written("orders", documentId);
    }

    private static Outbox<String> outbox(Feed<String> feed) {
        return new Outbox<>(feed, event -> new Document("_id", event), 10);
    }

    private static OutboxRelay relay(Feed<String> feed, Outbox<String> outbox) {
        return new OutboxRelay(feed, outbox, new OutboxRelay.Settings(10, Duration.ofMinutes(5)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anAppendStalledPastAnyGraceIsDeliveredOnceWhatTheReadersClocksSay() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Feed<String> slowReplica = feed(pausing(database, "events", "insertOne",
                document -> "a-2".equals(((Document) document).get("_id")), stalled, resume));
        Feed<String> laggingReplica = feed(database);
        FeedDelivery<String> ahead = consumer("partner", Duration.ofHours(1));
        laggingReplica.append(ACME, new Document("_id", "a-1"));
        CompletableFuture<Boolean> late = CompletableFuture.supplyAsync(
                () -> slowReplica.append(ACME, new Document("_id", "a-2")));
        stalled.await(30, TimeUnit.SECONDS);
        // Number 2 is taken and its insert held; a replica an hour behind the consumer's clock appends after it.
        laggingReplica.append(ACME, new Document("_id", "a-3"));

        ahead.runOnce();
        resume.countDown();
        assertThat(late.get(30, TimeUnit.SECONDS)).isTrue();
        ahead.runOnce();

        assertThat(received).containsExactly("a-1", "a-3", "a-2");
        assertThat(feedOrder()).as("the feed's order, as any reader sees it").containsExactly("a-1", "a-3", "a-2");
        received.clear();
        consumer("late-partner", Duration.ofHours(-1)).runOnce();
        assertThat(received).as("a consumer starting later sees the same order").containsExactly("a-1", "a-3", "a-2");
    }

    @Test
    void aRelayStalledBeforeItFillsAPlaceLeavesTheEventInItsPlaceForReaders() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Feed<String> stalledReplica = feed(pausing(database, "events", "findOneAndUpdate",
                filter -> true, stalled, resume));
        Outbox<String> stalledOutbox = outbox(stalledReplica);
        Feed<String> otherReplica = feed(database);
        Outbox<String> otherOutbox = outbox(otherReplica);
        write(stalledOutbox, "o-1", "e-1");
        CompletableFuture<Integer> stalledRun = CompletableFuture.supplyAsync(
                () -> relay(stalledReplica, stalledOutbox).relayWritten());
        stalled.await(30, TimeUnit.SECONDS);
        write(otherOutbox, "o-2", "e-2");
        assertThat(relay(otherReplica, otherOutbox).relayWritten()).isEqualTo(1);

        consumer("partner", Duration.ofMinutes(10)).runOnce();
        resume.countDown();
        stalledRun.get(30, TimeUnit.SECONDS);
        consumer("partner", Duration.ofMinutes(20)).runOnce();

        assertThat(received).containsExactly("e-1", "e-2");
        assertThat(feedOrder()).containsExactly("e-1", "e-2");
        assertThat(pending("o-1")).as("the stalled relay clears the outbox once it runs on").isEmpty();
    }

    @Test
    void anEventWhoseWriterDiedBeforeRelayingIsReadInItsPlaceAndTheSweepAddsNothing() {
        Feed<String> crashed = feed(database);
        write(outbox(crashed), "o-1", "e-1");
        Feed<String> survivor = feed(database);
        Outbox<String> survivorOutbox = outbox(survivor);
        write(survivorOutbox, "o-2", "e-2");
        OutboxRelay relay = relay(survivor, survivorOutbox);
        relay.relayWritten();

        consumer("partner", Duration.ZERO).runOnce();
        assertThat(received).containsExactly("e-1", "e-2");

        assertThat(relay.sweep()).as("the sweep clears o-1's outbox").isEqualTo(1);
        assertThat(pending("o-1")).isEmpty();
        consumer("partner", Duration.ZERO).runOnce();
        assertThat(received).containsExactly("e-1", "e-2");
        assertThat(feedOrder()).containsExactly("e-1", "e-2");
    }

    @Test
    void twoRelaysRacingOverTheSameDocumentsPutEachEventInTheFeedOnceInOrder() throws Exception {
        Feed<String> writer = feed(database);
        write(outbox(writer), "o-1", "e-1", "e-2");
        // And events the previous version recorded without a place, which the relays must place themselves.
        database.getCollection("orders").insertOne(new Document("_id", "o-2").append("tenant", ACME.value())
                .append(Outbox.FIELD, List.of(new Document("_id", "e-3"), new Document("_id", "e-4"))));
        CyclicBarrier bothRead = new CyclicBarrier(2);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int relay = 0; relay < 2; relay++) {
                Feed<String> replica = feed(meetingAfter(database, "orders", "find", bothRead));
                Outbox<String> names = outbox(replica);
                names.written("orders", "o-1");
                names.written("orders", "o-2");
                runs.add(replicas.submit(() -> relay(replica, names).relayWritten()));
            }
            for (Future<Integer> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }
        relay(feed(database), outbox(feed(database))).sweep();

        consumer("partner", Duration.ZERO).runOnce();
        assertThat(received).containsExactly("e-1", "e-2", "e-3", "e-4");
        assertThat(pending("o-1")).isEmpty();
        assertThat(pending("o-2")).isEmpty();
    }

    @Test
    void aWriteThatLandsAfterAReaderVoidedItsPlaceGoesToTheEndWithTheEventsAfterIt() {
        Feed<String> writer = feed(database);
        Outbox<String> outbox = outbox(writer);
        List<Document> first = outbox.reserve(ACME, "orders", "o-1", List.of("e-1"));
        writer.append(ACME, new Document("_id", "x-2"));
        consumer("partner", Duration.ZERO).runOnce();
        // Only now does the write with e-1 land; a later change to the same document adds e-2.
        database.getCollection("orders").insertOne(new Document("_id", "o-1").append("tenant", ACME.value())
                .append(Outbox.FIELD, first));
        database.getCollection("orders").updateOne(Filters.eq("_id", "o-1"), Updates.pushEach(Outbox.FIELD,
                outbox.reserve(ACME, "orders", "o-1", List.of("e-2"))));
        writer.append(ACME, new Document("_id", "x-4"));

        consumer("partner", Duration.ZERO).runOnce();
        relay(writer, outbox).sweep();
        consumer("partner", Duration.ZERO).runOnce();

        assertThat(received).containsExactly("x-2", "x-4", "e-1", "e-2");
        assertThat(feedOrder()).containsExactly("x-2", "x-4", "e-1", "e-2");
    }

    @Test
    void aChangesEventsTakeConsecutivePlacesInOneReservation() {
        Outbox<String> outbox = outbox(feed(database));
        write(outbox, "o-1", "e-1", "e-2", "e-3");

        assertThat(pending("o-1")).extracting(event -> event.getLong(Feed.SEQUENCE)).containsExactly(1L, 2L, 3L);
        assertThat(database.getCollection("sequences").find().first().getLong("last")).isEqualTo(3);
        relay(feed(database), outbox).sweep();
        consumer("partner", Duration.ZERO).runOnce();
        assertThat(received).containsExactly("e-1", "e-2", "e-3");
    }

    @Test
    void whenAReaderVoidsOneOfAChangesPlacesFirstAllItsEventsAreReservedAgainInOrder() {
        Outbox<String> outbox = outbox(feed(database));
        write(outbox, "o-1", "e-1");
        // A reader that saw number 3 taken voided number 3's neighbour before the next change's slots were inserted:
        // here, number 3 is already void when the change reserves 2 and 3.
        database.getCollection("events").insertOne(new Document("_id", "void:acme:3").append("tenant", ACME.value())
                .append(Feed.SEQUENCE, 3L).append(Feed.SLOT, new Document("state", "VOID")));

        write(outbox, "o-2", "e-2", "e-3");

        assertThat(pending("o-2")).extracting(event -> event.getLong(Feed.SEQUENCE)).containsExactly(4L, 5L);
        relay(feed(database), outbox).sweep();
        consumer("partner", Duration.ZERO).runOnce();
        assertThat(received).containsExactly("e-1", "e-2", "e-3");
        assertThat(feedOrder()).containsExactly("e-1", "e-2", "e-3");
    }

    @Test
    void aReaderWaitsAtAReservedPlaceWhileItsPatienceLastsAndThenVoidsIt() {
        AtomicLong ticker = new AtomicLong();
        Feed<String> reader = new Feed<>(database, "events", "sequences", List.of("orders"),
                document -> document.getString("_id"), Duration.ofSeconds(1), ticker::get);
        Outbox<String> outbox = outbox(feed(database));
        List<Document> reserved = outbox.reserve(ACME, "orders", "o-1", List.of("e-1"));
        feed(database).append(ACME, new Document("_id", "x-2"));

        assertThat(reader.read(ACME, 0, event -> true, 10).nextAfterSequence()).as("the write may be on its way")
                .isZero();
        database.getCollection("orders").insertOne(new Document("_id", "o-1").append("tenant", ACME.value())
                .append(Outbox.FIELD, reserved));
        assertThat(reader.read(ACME, 0, event -> true, 10).entries()).extracting(FeedEntry::sequence, FeedEntry::event)
                .containsExactly(tuple(1L, "e-1"), tuple(2L, "x-2"));

        outbox.reserve(ACME, "orders", "o-2", List.of("e-3"));
        assertThat(reader.read(ACME, 2, event -> true, 10).nextAfterSequence()).isEqualTo(2);
        ticker.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(reader.read(ACME, 2, event -> true, 10).nextAfterSequence()).as("no write came; void")
                .isEqualTo(3);
    }

    @Test
    void everyEventThatEntersTheFeedIsToldOnceStoredWhetherAppendedOrFilledIntoItsPlace() {
        Queue<String> entered = new ConcurrentLinkedQueue<>();
        Feed<String> told = new Feed<>(database, "events", "sequences", List.of("orders"),
                document -> document.getString("_id"), (tenant, event) -> {
                    assertThat(tenant).isEqualTo(ACME);
                    assertThat(database.getCollection("events").countDocuments(new Document("_id", event.get("_id")))
                            + database.getCollection("events").countDocuments(new Document("slot.eventId",
                                    event.get("_id")))).as("stored before it is told").isEqualTo(1);
                    entered.add(event.getString("_id"));
                });
        Outbox<String> outbox = outbox(told);

        told.append(ACME, new Document("_id", "a-1"));
        told.append(ACME, new Document("_id", "a-1"));
        write(outbox, "o-1", "e-1", "e-2");
        relay(told, outbox).relayWritten();
        relay(told, outbox).relayWritten();

        assertThat(entered).containsExactly("a-1", "e-1", "e-2");
    }

    @Test
    void anEventAppendedTwiceIsStoredOnce() {
        Feed<String> feed = feed(database);

        assertThat(feed.append(ACME, new Document("_id", "e-1"))).isTrue();
        assertThat(feed.append(ACME, new Document("_id", "e-1"))).isFalse();

        assertThat(feedOrder()).containsExactly("e-1");
    }

    @Test
    void aNumberHandedOutTwiceIsTakenByOneInsertAndTheOtherTakesTheNext() {
        Feed<String> feed = feed(database);
        feed.append(ACME, new Document("_id", "e-1"));
        // As if a racing append had been handed number 1 again (the embedded store's counter is not atomic).
        database.getCollection("sequences").updateOne(new Document("_id", ACME.value()),
                new Document("$set", new Document("last", 0L)));

        assertThat(feed.append(ACME, new Document("_id", "e-2"))).isTrue();

        assertThat(feed.read(ACME, 0, event -> true, 10).entries()).extracting(FeedEntry::sequence, FeedEntry::event)
                .containsExactly(tuple(1L, "e-1"), tuple(2L, "e-2"));
    }

    private List<Document> pending(String documentId) {
        return database.getCollection("orders").find(Filters.eq("_id", documentId)).first()
                .getList(Outbox.FIELD, Document.class);
    }

    /**
     * The database, but the first call of {@code method} on {@code collection} whose first argument matches waits,
     * after saying so on {@code reached}, until {@code resume} opens: a replica paused at that call.
     */
    private static MongoDatabase pausing(MongoDatabase database, String collection, String method,
            Predicate<Object> matching, CountDownLatch reached, CountDownLatch resume) {
        return onCollection(database, collection, method, args -> {
            if (reached.getCount() > 0 && matching.test(args[0])) {
                reached.countDown();
                await(resume);
            }
        }, null);
    }

    /** The database, but the first call of {@code method} on {@code collection} meets the other replica's. */
    private static MongoDatabase meetingAfter(MongoDatabase database, String collection, String method,
            CyclicBarrier barrier) {
        AtomicBoolean met = new AtomicBoolean();
        return onCollection(database, collection, method, null, args -> {
            if (met.compareAndSet(false, true)) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private interface Hook {
        void run(Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static MongoDatabase onCollection(MongoDatabase database, String name, String method, Hook before,
            Hook after) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[] {MongoDatabase.class}, (proxy, called, args) -> {
                    Object result = invoke(called, database, args);
                    if (!called.getName().equals("getCollection") || !name.equals(args[0])) {
                        return result;
                    }
                    MongoCollection<Document> real = (MongoCollection<Document>) result;
                    return Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                            new Class<?>[] {MongoCollection.class}, (p, m, a) -> {
                                boolean hooked = m.getName().equals(method);
                                if (hooked && before != null) {
                                    before.run(a);
                                }
                                Object value = invoke(m, real, a);
                                if (hooked && after != null) {
                                    after.run(a);
                                }
                                return value;
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
