package io.exceed.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.testing.MutableClock;

/** The relay between state documents' outboxes and a feed, on the embedded store. */
class OutboxRelayTest extends StoreBackedTest {

    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock();
    private Feed<String> feed;

    @BeforeEach
    void createFeed() {
        feed = feed(database, "orders", "customers");
    }

    private OutboxRelay relay(MongoDatabase database, Outbox<String> outbox) {
        return new OutboxRelay(feed(database, "orders", "customers"), outbox, new OutboxRelay.Settings(2, SWEEP_INTERVAL), clock);
    }

    private Outbox<String> outbox(int capacity) {
        return new Outbox<>(feed, event -> new Document("_id", event), capacity);
    }

    /** A state change and its events in one document, as a store of the previous version wrote them. */
    private void write(String collection, String id, String... events) {
        database.getCollection(collection).insertOne(new Document("_id", id).append("tenant", "acme")
                .append(Outbox.FIELD, List.of(events).stream().map(e -> new Document("_id", e)).toList()));
    }

    private List<String> feedOf(String tenant) {
        return feed.read(new TenantId(tenant), 0, event -> true, 100).entries().stream().map(FeedEntry::event)
                .toList();
    }

    private List<?> outbox(String collection, String id) {
        return database.getCollection(collection).find(Filters.eq("_id", id)).first().getList(Outbox.FIELD,
                Document.class);
    }

    @Test
    void aBurstOfHintsLargerThanABatchIsRelayedInOneRunInOrder() {
        Outbox<String> names = outbox(10);
        OutboxRelay relay = relay(database, names);
        for (int i = 1; i <= 5; i++) {
            write("orders", "o-" + i, "e-0" + i);
            names.written("orders", "o-" + i);
        }

        assertThat(relay.relayWritten()).as("three batches of at most two").isEqualTo(5);
        assertThat(feedOf("acme")).containsExactly("e-01", "e-02", "e-03", "e-04", "e-05");
    }

    @Test
    void theCheapRunReadsOnlyHintedDocumentsAndTheSweepFindsTheRest() {
        Outbox<String> names = outbox(10);
        OutboxRelay relay = relay(database, names);
        write("orders", "o-1", "e-01", "e-02");
        names.written("orders", "o-1");
        write("customers", "c-1", "e-03");

        assertThat(relay.relayWritten()).isEqualTo(2);
        assertThat(feedOf("acme")).containsExactly("e-01", "e-02");
        assertThat(outbox("orders", "o-1")).isEmpty();
        assertThat(outbox("customers", "c-1")).as("nobody named it").hasSize(1);

        assertThat(relay.run()).as("the first run sweeps").isEqualTo(1);
        assertThat(feedOf("acme")).containsExactly("e-01", "e-02", "e-03");

        write("customers", "c-2", "e-04");
        assertThat(relay.run()).as("no sweep before the interval").isZero();
        clock.advance(SWEEP_INTERVAL);
        assertThat(relay.run()).isEqualTo(1);
        assertThat(relay.sweep()).as("nothing is appended twice").isZero();
    }

    @Test
    void theSweepPagesThroughMoreDocumentsThanOneBatch() {
        OutboxRelay relay = relay(database, outbox(10));
        for (int i = 0; i < 5; i++) {
            write("orders", "o-" + i, "e-" + i);
        }

        assertThat(relay.sweep()).isEqualTo(5);
        assertThat(feedOf("acme")).containsExactlyInAnyOrder("e-0", "e-1", "e-2", "e-3", "e-4");
    }

    @Test
    void hintsBeyondTheQueueAreLeftToASweepAtTheNextRun() {
        Outbox<String> names = outbox(1);
        OutboxRelay relay = relay(database, names);
        relay.run();
        write("orders", "o-1", "e-1");
        names.written("orders", "o-1");
        write("orders", "o-2", "e-2");
        names.written("orders", "o-2");

        assertThat(relay.run()).isEqualTo(2);
        assertThat(feedOf("acme")).containsExactly("e-1", "e-2");
    }

    @Test
    void hintsOfARunThatFailedAreKeptForTheNext() {
        Outbox<String> names = outbox(10);
        write("orders", "o-1", "e-1");
        names.written("orders", "o-1");
        MongoClient broken = MongoClients.create(connectionString());
        OutboxRelay failing = relay(broken.getDatabase("relay"), names);
        broken.close();

        assertThatThrownBy(failing::relayWritten).isInstanceOf(IllegalStateException.class);

        assertThat(relay(database, names).relayWritten()).isEqualTo(1);
        assertThat(feedOf("acme")).containsExactly("e-1");
    }
}
