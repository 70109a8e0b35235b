package io.exceed.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Delivery from a feed in the embedded store to a consumer that records what it got, and fails when told to. */
class FeedDeliveryTest extends StoreBackedTest {

    private static final FeedDelivery.Settings SETTINGS = new FeedDelivery.Settings(100, Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock();
    private final Queue<String> received = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean consumerDown = new AtomicBoolean();
    private final AtomicBoolean poisonCured = new AtomicBoolean();
    private Feed<String> feed;
    private DeadLetters deadLetters;

    @BeforeEach
    void createFeed() {
        feed = feed(database);
        deadLetters = new DeadLetters(database.getCollection("dead_letters"), clock);
        DeadLetters.createIndexes(database.getCollection("dead_letters"));
    }

    private FeedDelivery<String> delivery(String replica) {
        return new FeedDelivery<>("partner", feed, event -> !event.startsWith("skip"), (tenant, event) -> {
            if (consumerDown.get()) {
                throw new IllegalStateException("partner is down");
            }
            if (event.startsWith("poison") && !poisonCured.get()) {
                throw new DeadLetters.Refused("poison is refused", "customer-of-" + event, null);
            }
            received.add(tenant.value() + "/" + event);
        }, database.getCollection("cursors"), SETTINGS, deadLetters, replica, clock);
    }

    private static final TenantId ACME = new TenantId("acme");
    private static final TenantId GLOBEX = new TenantId("globex");

    private void append(String tenant, String... events) {
        for (String event : events) {
            feed.append(new TenantId(tenant), new Document("_id", event));
        }
    }

    @Test
    void deliversEachTenantsWantedEventsInOrderOnce() {
        append("acme", "a-1", "skip-a-2", "a-3");
        append("globex", "g-1");
        FeedDelivery<String> delivery = delivery("r1");

        assertThat(delivery.runOnce()).isEqualTo(3);
        assertThat(delivery.runOnce()).isZero();

        assertThat(received).containsExactlyInAnyOrder("acme/a-1", "acme/a-3", "globex/g-1");
        assertThat(List.copyOf(received).stream().filter(e -> e.startsWith("acme")).toList())
                .containsExactly("acme/a-1", "acme/a-3");
        assertThat(cursor("acme").getLong(FeedDelivery.DELIVERED)).as("the skipped event is passed too").isEqualTo(3);
    }

    @Test
    void whileTheConsumerIsDownEventsAreHeldAndRetriedWithBackoff() {
        append("acme", "a-1");
        FeedDelivery<String> delivery = delivery("r1");
        delivery.runOnce();
        consumerDown.set(true);
        append("acme", "a-2", "a-3");

        assertThat(delivery.runOnce()).isZero();
        Document cursor = cursor("acme");
        assertThat(cursor.getLong(FeedDelivery.DELIVERED)).isEqualTo(1);
        assertThat(cursor.getInteger(FeedDelivery.FAILURES)).isEqualTo(1);
        assertThat(cursor.getString(FeedDelivery.LAST_ERROR)).contains("partner is down");
        Instant retryAt = cursor.getDate(FeedDelivery.RETRY_AT).toInstant();
        assertThat(retryAt).isBetween(clock.instant().plusMillis(500), clock.instant().plusMillis(1500));
        assertThat(cursor.get(Leases.OWNER)).as("the lease is given back").isNull();

        consumerDown.set(false);
        assertThat(delivery.runOnce()).as("nothing is tried before the backoff ends").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(delivery.runOnce()).isEqualTo(2);

        assertThat(received).containsExactly("acme/a-1", "acme/a-2", "acme/a-3");
        assertThat(cursor("acme").getInteger(FeedDelivery.FAILURES)).isZero();
    }

    @Test
    void theBackoffGrowsWithEachFailureInARow() {
        append("acme", "a-1");
        consumerDown.set(true);
        FeedDelivery<String> delivery = delivery("r1");
        Duration previous = Duration.ZERO;
        for (int failure = 1; failure <= 4; failure++) {
            delivery.runOnce();
            Duration wait = Duration.between(clock.instant(), cursor("acme").getDate(FeedDelivery.RETRY_AT).toInstant());
            long bound = 1000L << (failure - 1);
            assertThat(wait.toMillis()).as("failure %d", failure).isBetween(bound / 2, bound * 3 / 2);
            clock.advance(wait.plusMillis(1));
            previous = wait;
        }
        assertThat(previous).isPositive();
        assertThat(received).isEmpty();
    }

    @Test
    void anEventTheConsumerRefusesForGoodBecomesADeadLetterAndIsPassed() {
        append("acme", "a-1", "poison-2", "a-3");

        assertThat(delivery("r1").runOnce()).isEqualTo(2);

        assertThat(received).containsExactly("acme/a-1", "acme/a-3");
        assertThat(cursor("acme").getInteger(FeedDelivery.REJECTED)).isEqualTo(1);
        assertThat(deadLetters.list(ACME, Optional.empty(), Optional.empty(), 10).items()).singleElement()
                .satisfies(deadLetter -> {
                    assertThat(deadLetter.consumer()).isEqualTo("partner");
                    assertThat(deadLetter.subject()).as("its feed position").isEqualTo("2");
                    assertThat(deadLetter.customerId()).isEqualTo("customer-of-poison-2");
                    assertThat(deadLetter.reason()).isEqualTo("poison is refused");
                    assertThat(deadLetter.state()).isEqualTo(DeadLetters.State.OPEN);
                });
        assertThat(deadLetters.list(GLOBEX, Optional.empty(), Optional.empty(), 10).items())
                .as("another tenant's dead letters are not listed").isEmpty();
    }

    @Test
    void aRetryDeliversTheEventOnceItsCauseIsFixedAndResolvesTheDeadLetter() {
        append("acme", "a-1", "poison-2");
        FeedDelivery<String> delivery = delivery("r1");
        delivery.runOnce();
        String id = deadLetters.list(ACME, Optional.empty(), Optional.empty(), 10).items().getFirst().id();

        assertThatThrownBy(() -> deadLetters.retry(ACME, id)).isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("refused again: poison is refused");
        assertThat(deadLetters.find(ACME, id).orElseThrow())
                .returns(DeadLetters.State.OPEN, DeadLetters.DeadLetter::state)
                .returns(1, DeadLetters.DeadLetter::retries);

        consumerDown.set(true);
        assertThatThrownBy(() -> deadLetters.retry(ACME, id)).hasMessageContaining("partner is down");
        assertThat(deadLetters.find(ACME, id).orElseThrow().state()).as("not possible now: still open")
                .isEqualTo(DeadLetters.State.OPEN);

        consumerDown.set(false);
        poisonCured.set(true);
        assertThat(deadLetters.retry(ACME, id).state()).isEqualTo(DeadLetters.State.RESOLVED);
        assertThatThrownBy(() -> deadLetters.retry(ACME, id)).isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("resolved already");
        assertThat(received).containsExactly("acme/a-1", "acme/poison-2");
        assertThat(delivery.runOnce()).as("the feed's cursor had passed it").isZero();
        assertThatThrownBy(() -> deadLetters.retry(GLOBEX, id)).as("another tenant's dead letter")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void twoRetriesAtOnceDeliverTheEventOnce() throws Exception {
        append("acme", "poison-1");
        CountDownLatch inRetry = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        delivery("r1").runOnce();
        String id = deadLetters.list(ACME, Optional.empty(), Optional.empty(), 10).items().getFirst().id();
        deadLetters.register("partner", deadLetter -> {
            inRetry.countDown();
            release.await();
            received.add(deadLetter.subject());
        });

        CompletableFuture<DeadLetters.DeadLetter> first = CompletableFuture.supplyAsync(
                () -> deadLetters.retry(ACME, id));
        assertThat(inRetry.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> deadLetters.retry(ACME, id)).isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("being retried");
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).state()).isEqualTo(DeadLetters.State.RESOLVED);
        assertThat(received).containsExactly("1");
    }

    @Test
    void anErasedCustomersDeadLettersAreForgotten() {
        append("acme", "poison-1", "poison-2");
        delivery("r1").runOnce();

        assertThat(deadLetters.forgetCustomer(ACME, "customer-of-poison-1")).isEqualTo(1);

        assertThat(deadLetters.list(ACME, Optional.empty(), Optional.empty(), 10).items())
                .extracting(DeadLetters.DeadLetter::customerId).containsExactly("customer-of-poison-2");
    }

    @Test
    void theOpenDeadLettersAreAGaugePerConsumer() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        deadLetters.bindTo(registry);
        append("acme", "poison-1", "a-2");
        delivery("r1").runOnce();

        assertThat(registry.get("exceed.dead.letters.open").tag("consumer", "partner").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aNewInstanceContinuesWhereTheLastStopped() {
        append("acme", "a-1", "a-2");
        delivery("r1").runOnce();
        append("acme", "a-3");

        assertThat(delivery("r1-restarted").runOnce()).isEqualTo(1);
        assertThat(received).containsExactly("acme/a-1", "acme/a-2", "acme/a-3");
    }

    @Test
    void twoReplicasShareTheTenantsAndDeliverEachEventOnce() {
        for (int tenant = 0; tenant < 20; tenant++) {
            for (int event = 0; event < 5; event++) {
                append("t" + tenant, "t" + tenant + "-e" + event);
            }
        }
        FeedDelivery<String> one = delivery("r1");
        FeedDelivery<String> two = delivery("r2");

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(one::runOnce);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(two::runOnce);
        int delivered = first.join() + second.join();
        delivered += one.runOnce() + two.runOnce();

        assertThat(delivered).isEqualTo(100);
        assertThat(received).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void aCrashedReplicasTenantIsTakenOverWhenItsLeaseEnds() {
        append("acme", "a-1");
        FeedDelivery<String> survivor = delivery("r2");
        survivor.runOnce();
        append("acme", "a-2");
        // r1 took the cursor and died before recording anything.
        database.getCollection("cursors").updateOne(Filters.eq("_id", "partner:acme"),
                new Document("$set", new Document(Leases.OWNER, "r1")
                        .append(Leases.UNTIL, java.util.Date.from(clock.instant().plusSeconds(30))))
                        .append("$inc", new Document(Leases.VERSION, 1L)));

        assertThat(survivor.runOnce()).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(survivor.runOnce()).isEqualTo(1);
        assertThat(received).containsExactly("acme/a-1", "acme/a-2");
    }

    private Document cursor(String tenant) {
        return database.getCollection("cursors").find(Filters.eq("_id", "partner:" + tenant)).first();
    }
}
