package io.exceed.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.exceed.defaults.tenancy.TenantId;

class SequencedFeedTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void anEventAppendedTwiceIsStoredOnce(@TempDir Path dataDir) {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "feed");
                MongoClient client = MongoClients.create(server.connectionString())) {
            SequencedFeed<String> feed = feed(client.getDatabase("feed"));

            assertThat(feed.append("t", new Document("_id", "e-1"))).isTrue();
            assertThat(feed.append("t", new Document("_id", "e-1"))).isFalse();

            assertThat(feed.after(new TenantId("t"), 0, 10)).extracting(FeedEntry::event).containsExactly("e-1");
        }
    }

    @Test
    void aNumberHandedOutTwiceIsBurnedAndTheEventKeptUnderTheNext(@TempDir Path dataDir) {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "feed");
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("feed");
            SequencedFeed<String> feed = feed(database);
            feed.append("t", new Document("_id", "e-1"));
            // As if a racing append had been handed number 1 again.
            database.getCollection("sequences").updateOne(new Document("_id", "t"),
                    new Document("$set", new Document("last", 0L)));

            assertThat(feed.append("t", new Document("_id", "e-2"))).isTrue();

            assertThat(feed.after(new TenantId("t"), 0, 10)).extracting(FeedEntry::sequence, FeedEntry::event)
                    .containsExactly(tuple(1L, "e-1"),
                            tuple(2L, "e-2"));
        }
    }

    private static SequencedFeed<String> feed(MongoDatabase database) {
        return new SequencedFeed<>(database.getCollection("events"), database.getCollection("sequences"),
                document -> document.getString("_id"), CLOCK);
    }
}
