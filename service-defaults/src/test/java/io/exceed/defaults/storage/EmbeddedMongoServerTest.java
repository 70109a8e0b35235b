package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;

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
