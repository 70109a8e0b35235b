package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

class EmbeddedMongoServerTest {

    @Test
    void dataSurvivesARestartOnTheSameDirectory(@TempDir Path dataDir) {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "restart");
                MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("restart").getCollection("things")
                    .insertOne(new Document("_id", "a").append("name", "Åsa 王小明"));
        }
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "restart");
                MongoClient client = MongoClients.create(server.connectionString())) {
            Document found = client.getDatabase("restart").getCollection("things").find(Filters.eq("_id", "a")).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("name")).isEqualTo("Åsa 王小明");
        }
    }

    /**
     * 60 MB of documents read by one query with no batch size, as the driver sends it by default: in one reply
     * the driver would refuse it (over its 48 MB message limit); in batches every document arrives.
     */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"WRITTEN", "DEFERRED"})
    void aQueryOfMoreThanOneReplyCanHoldComesInBatches(Durability durability, @TempDir Path dataDir) {
        int count = 100_000;
        String filler = "x".repeat(600);
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "large", durability);
                MongoClient client = MongoClients.create(server.connectionString())) {
            var things = client.getDatabase("large").getCollection("things");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(new Document("_id", i).append("tenant", "acme").append("filler", filler));
                if (batch.size() == 1_000) {
                    things.insertMany(batch);
                    batch.clear();
                }
            }

            long read = 0;
            for (Document ignored : things.find(Filters.eq("tenant", "acme"))) {
                read++;
            }

            assertThat(read).isEqualTo(count);
        }
    }

    /** A copy of the file as it is while the store runs is what a crash of the process leaves behind. */
    @ParameterizedTest
    @EnumSource(value = Durability.class, names = {"WRITTEN", "SYNCED"})
    void everyAcknowledgedWriteIsInTheFileAtOnce(Durability durability, @TempDir Path dataDir) throws IOException {
        Path crashed = dataDir.resolve("crashed");
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "live", durability);
                MongoClient client = MongoClients.create(server.connectionString())) {
            var things = client.getDatabase("live").getCollection("things");
            for (int i = 0; i < 50; i++) {
                things.insertOne(new Document("_id", "t" + i).append("state", "new"));
            }
            things.updateOne(Filters.eq("_id", "t7"), Updates.set("state", "changed"));
            things.deleteOne(Filters.eq("_id", "t9"));
            Files.createDirectories(crashed);
            Files.copy(dataDir.resolve("live.mv"), crashed.resolve("live.mv"));
        }
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(crashed, "live");
                MongoClient client = MongoClients.create(server.connectionString())) {
            var things = client.getDatabase("live").getCollection("things");
            assertThat(things.countDocuments()).isEqualTo(49);
            assertThat(things.find(Filters.eq("_id", "t7")).first().getString("state")).isEqualTo("changed");
        }
    }

    @Test
    void uniqueIndexesAreEnforcedThroughTheDriver(@TempDir Path dataDir) {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "unique");
                MongoClient client = MongoClients.create(server.connectionString())) {
            var things = client.getDatabase("unique").getCollection("things");
            things.createIndex(new Document("tenant", 1).append("key", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            things.insertOne(new Document("tenant", "t").append("key", "k"));
            try {
                things.insertOne(new Document("tenant", "t").append("key", "k"));
                throw new AssertionError("duplicate accepted");
            } catch (com.mongodb.MongoException e) {
                assertThat(DuplicateKey.is(e)).isTrue();
            }
        }
    }
}
