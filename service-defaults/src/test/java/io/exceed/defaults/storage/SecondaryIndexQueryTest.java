package io.exceed.defaults.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * The embedded store answers every query the same with its secondary indexes as without them: random documents
 * (strings, mixed numeric types, dates, nulls, missing fields, arrays, empty ones and sub-documents in indexed
 * fields) in two collections, one indexed and one not, random finds, sorts, counts, aggregations, updates and
 * deletes on both, and the same again after a restart, which rebuilds the indexes from the documents.
 */
class SecondaryIndexQueryTest {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech");
    private static final List<String> TAGS = List.of("vip", "churn-risk", "new");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void indexedAndUnindexedCollectionsAnswerAlike(long seed, @TempDir Path dataDir) {
        Random random = new Random(seed);
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "indexes");
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("indexes");
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> plain = database.getCollection("plain");
            indexed.createIndex(Indexes.ascending("tenant", "time"));
            indexed.createIndex(Indexes.ascending("tenant", "state", "time"));
            indexed.createIndex(Indexes.descending("score"));
            indexed.createIndex(Indexes.ascending("tenant", "tags", "_id"));
            indexed.createIndex(Indexes.ascending("tenant", "score"));
            indexed.createIndex(Indexes.ascending("tenant", "_id"), new IndexOptions().unique(true));
            for (int i = 0; i < 600; i++) {
                Document document = randomDocument(random, i);
                indexed.insertOne(document);
                plain.insertOne(new Document(document));
            }
            for (int round = 0; round < 300; round++) {
                Bson filter = randomFilter(random);
                assertAlike(indexed, plain, collection -> collection.find(filter)
                        .sort(Sorts.ascending("_id")).into(new ArrayList<>()));
                assertAlike(indexed, plain, collection -> collection.find(filter)
                        .sort(Sorts.orderBy(Sorts.descending("time"), Sorts.ascending("_id"))).limit(7)
                        .into(new ArrayList<>()));
                // Sorted as the answering index reads, where it has no array: ties may come in another order.
                assertAlike(indexed, plain, collection -> collection.find(filter).sort(Sorts.ascending("score"))
                        .limit(5).map(document -> document.get("score") instanceof Number score
                                ? score.doubleValue() : null).into(new ArrayList<>()));
                assertAlike(indexed, plain, collection -> collection.countDocuments(filter));
                assertAlike(indexed, plain, collection -> new TreeSet<>(collection.distinct("tenant", String.class)
                        .into(new ArrayList<>())));
                assertAlike(indexed, plain, collection -> collection.aggregate(List.of(Aggregates.match(filter),
                        Aggregates.group("$state", Accumulators.sum("n", 1), Accumulators.sum("score", "$score")),
                        Aggregates.sort(Sorts.ascending("_id")))).into(new ArrayList<>()));
                if (round % 10 == 0) {
                    Bson change = Updates.combine(Updates.set("time", new Date(random.nextInt(1_000))),
                            Updates.set("state", random.nextBoolean() ? "OPEN" : "DONE"));
                    assertAlike(indexed, plain, collection -> collection.updateMany(filter, change)
                            .getModifiedCount());
                }
                if (round % 50 == 0) {
                    Bson doomed = randomFilter(random);
                    assertAlike(indexed, plain, collection -> collection.deleteMany(doomed).getDeletedCount());
                }
            }
        }
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "indexes");
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("indexes");
            for (int round = 0; round < 100; round++) {
                Bson filter = randomFilter(random);
                assertAlike(database.getCollection("indexed"), database.getCollection("plain"),
                        collection -> collection.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            }
        }
    }

    /**
     * Without a sort, a store returns documents in the order it reads them: stored order when it scans, the index's
     * when it reads the index. So the first of a tenant's documents, stored newest first, shows which it did, for a
     * find, an update and an aggregation (in both shapes of a conjunction).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRangeQueryIsAnsweredFromTheIndex(boolean flat, @TempDir Path dataDir) {
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(dataDir, "order");
                MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("order").getCollection("things");
            things.createIndex(Indexes.ascending("tenant", "time"));
            for (int i = 9; i >= 0; i--) {
                things.insertOne(new Document("_id", i).append("tenant", "acme").append("time", new Date(i)));
                things.insertOne(new Document("_id", 100 + i).append("tenant", "globex").append("time", new Date(i)));
            }
            List<Bson> conditions = List.of(Filters.eq("tenant", "acme"), Filters.gte("time", new Date(3)),
                    Filters.lt("time", new Date(7)));
            Bson filter = flat ? FlatFilters.and(conditions) : Filters.and(conditions);

            assertThat(things.find(filter).first()).containsEntry("_id", 3);
            assertThat(things.distinct("tenant", String.class).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("acme", "globex");
            assertThat(things.find(filter).sort(Sorts.ascending("time")).limit(2).map(found -> found.get("_id"))
                    .into(new ArrayList<>())).containsExactly(3, 4);
            assertThat(things.find(filter).sort(Sorts.descending("time")).limit(2).map(found -> found.get("_id"))
                    .into(new ArrayList<>())).containsExactly(6, 5);
            assertThat(things.aggregate(List.of(Aggregates.match(filter), Aggregates.limit(1))).first())
                    .containsEntry("_id", 3);
            things.updateOne(filter, Updates.set("first", true));
            assertThat(things.find(Filters.eq("first", true)).first()).containsEntry("_id", 3);
        }
    }

    private static <T> void assertAlike(MongoCollection<Document> indexed, MongoCollection<Document> plain,
            Function<MongoCollection<Document>, T> query) {
        T expected = query.apply(plain);
        assertThat(query.apply(indexed)).isEqualTo(expected);
    }

    private static Document randomDocument(Random random, int id) {
        Document document = new Document("_id", id).append("tenant", TENANTS.get(random.nextInt(TENANTS.size())));
        switch (random.nextInt(10)) {
            case 0 -> {
            }
            case 1 -> document.append("time", null);
            case 2 -> document.append("time",
                    List.of(new Date(random.nextInt(1_000)), new Date(random.nextInt(1_000))));
            case 3 -> document.append("time", new Document("at", random.nextInt(1_000)));
            case 4 -> document.append("time", random.nextInt(1_000));
            default -> document.append("time", new Date(random.nextInt(1_000)));
        }
        if (random.nextInt(5) > 0) {
            document.append("state", random.nextBoolean() ? "OPEN" : "DONE");
        }
        document.append("tags", TAGS.subList(random.nextInt(TAGS.size() + 1), TAGS.size()));
        switch (random.nextInt(4)) {
            case 0 -> document.append("score", random.nextInt(10));
            case 1 -> document.append("score", (long) random.nextInt(10));
            case 2 -> document.append("score", random.nextInt(10) + 0.5);
            default -> {
            }
        }
        return document;
    }

    private static Bson randomFilter(Random random) {
        List<Bson> parts = new ArrayList<>();
        if (random.nextInt(6) > 0) {
            parts.add(Filters.eq("tenant", TENANTS.get(random.nextInt(TENANTS.size()))));
        }
        if (random.nextBoolean()) {
            parts.add(Filters.eq("state", random.nextBoolean() ? "OPEN" : "DONE"));
        }
        switch (random.nextInt(6)) {
            case 0 -> parts.add(Filters.gte("time", new Date(random.nextInt(1_000))));
            case 1 -> parts.add(Filters.lt("time", new Date(random.nextInt(1_000))));
            case 2 -> {
                int from = random.nextInt(1_000);
                parts.add(Filters.and(Filters.gt("time", new Date(from)),
                        Filters.lte("time", new Date(from + random.nextInt(300)))));
            }
            case 3 -> parts.add(Filters.eq("time", new Date(random.nextInt(1_000))));
            case 4 -> parts.add(Filters.lt("time", random.nextInt(1_000)));
            default -> {
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> parts.add(Filters.gte("score", random.nextInt(10)));
            case 1 -> parts.add(Filters.eq("score", (long) random.nextInt(10)));
            default -> {
            }
        }
        if (random.nextInt(4) == 0) {
            parts.add(Filters.eq("tags", TAGS.get(random.nextInt(TAGS.size()))));
        }
        if (random.nextInt(8) == 0) {
            parts.add(Filters.eq("_id", random.nextInt(600)));
        }
        if (parts.isEmpty()) {
            return new Document();
        }
        // Both shapes the services send: {$and: [...]} and one document of fields.
        return random.nextBoolean() ? Filters.and(parts) : FlatFilters.and(parts);
    }
}
