package io.exceed.eventing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.exceed.defaults.storage.ExactKeyIndexes;

/**
 * A fresh embedded store per test, reached through the real driver, with the indexes a service creates for a feed
 * ({@code events}) and its consumers' cursors ({@code cursors}).
 */
abstract class StoreBackedTest {

    protected MongoDatabase database;
    private EmbeddedMongoServer server;
    private MongoClient client;

    @BeforeEach
    void startStore(@TempDir Path dataDir) {
        server = new EmbeddedMongoServer(dataDir, "eventing");
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("eventing");
        Feed.createIndexes(database, "events", new ExactKeyIndexes(true));
        FeedDelivery.createIndexes(database.getCollection("cursors"));
    }

    /** Where the store listens, for a test that needs a client of its own. */
    protected String connectionString() {
        return server.connectionString();
    }

    @AfterEach
    void stopStore() {
        client.close();
        server.close();
    }

    /**
     * A feed of events that are their own ids, whose pending events may wait in {@code sources}; it voids a reserved
     * slot without waiting, so a test decides every interleaving itself.
     */
    static Feed<String> feed(MongoDatabase database, String... sources) {
        return new Feed<>(database, "events", "sequences", List.of(sources), document -> document.getString("_id"),
                Duration.ZERO, System::nanoTime);
    }
}
