package io.exceed.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.exceed.defaults.storage.Durability;
import io.exceed.defaults.storage.EmbeddedMongoServer;

/**
 * Scenario 1, the floor under every write and read: the official driver's insertOne and find by id of a document
 * shaped like a survey response, on a fresh embedded store configured as the services configure theirs (H2 file,
 * driver over a socket, the exact-key index on tenant and id, a write acknowledged once written to the file).
 * insertOne is also measured, each on a fresh store, with the other {@link Durability} settings, for what the
 * default costs against them.
 */
final class StoreFloor {

    static final String INSERT = "store floor insertOne";
    static final String FIND = "store floor find by id";

    private StoreFloor() {
    }

    static String insertWith(Durability durability) {
        return INSERT + " " + durability.name().toLowerCase(Locale.ROOT);
    }

    static List<Measurement> run(Path dataDir, Options options) throws Exception {
        List<Measurement> measurements = new ArrayList<>();
        for (Durability other : List.of(Durability.DEFERRED, Durability.SYNCED)) {
            try (EmbeddedMongoServer store = new EmbeddedMongoServer(dataDir, "floor-" + other, other);
                    MongoClient client = client(store)) {
                measurements.add(insert(insertWith(other), responses(client), options, new ConcurrentLinkedQueue<>()));
            }
        }
        try (EmbeddedMongoServer store = new EmbeddedMongoServer(dataDir, "floor");
                MongoClient client = client(store)) {
            MongoCollection<Document> responses = responses(client);
            ConcurrentLinkedQueue<String> inserted = new ConcurrentLinkedQueue<>();
            measurements.add(insert(INSERT, responses, options, inserted));
            List<String> ids = new ArrayList<>(inserted);
            measurements.add(ClosedLoop.run(FIND, options.concurrency(), options.warmUp(),
                    options.measure(), (caller, sequence) -> {
                        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        if (responses.find(new Document("tenant", "bench").append("_id", id)).first() == null) {
                            throw new IllegalStateException("response " + id + " not found");
                        }
                    }));
        }
        return measurements;
    }

    private static MongoClient client(EmbeddedMongoServer store) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.connectionString())).applicationName("bench").build());
    }

    private static MongoCollection<Document> responses(MongoClient client) {
        MongoCollection<Document> responses = client.getDatabase("floor").getCollection("responses");
        responses.createIndex(Indexes.ascending("tenant", "_id"), new IndexOptions().unique(true));
        return responses;
    }

    private static Measurement insert(String scenario, MongoCollection<Document> responses, Options options,
            Queue<String> inserted) throws InterruptedException {
        return ClosedLoop.run(scenario, options.concurrency(), options.warmUp(), options.measure(),
                (caller, sequence) -> {
                    Document response = response();
                    responses.insertOne(response);
                    inserted.add(response.getString("_id"));
                });
    }

    private static Document response() {
        Date now = Date.from(Instant.now());
        return new Document("_id", UUID.randomUUID().toString())
                .append("tenant", "bench")
                .append("surveyId", "s-" + UUID.randomUUID())
                .append("surveyVersion", 1)
                .append("customerId", "c-" + ThreadLocalRandom.current().nextInt(1000))
                .append("source", "INTEGRATOR")
                .append("language", "en")
                .append("answers", List.of(answer("nps", 9), answer("csat", 4), answer("ces", 2),
                        answer("reliability", 80), answer("courtesy", 60)))
                .append("segment", new Document(Map.of("region", "nordics")))
                .append("expectations", List.of(level("RELIABILITY", 70), level("COURTESY", 75), level("SAFETY", 90)))
                .append("gaps", List.of(level("RELIABILITY", 10), level("COURTESY", -15)))
                .append("submitTime", now)
                .append("recordTime", now)
                .append("revision", 1L);
    }

    private static Document answer(String questionId, int score) {
        return new Document("questionId", questionId).append("score", score);
    }

    private static Document level(String dimension, int level) {
        return new Document("dimension", dimension).append("level", level);
    }
}
