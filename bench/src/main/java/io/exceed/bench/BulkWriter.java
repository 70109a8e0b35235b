package io.exceed.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;

/**
 * Documents written straight into a service's database, as the seeding scenarios (6 and 10) do: gathered per
 * collection and inserted with {@code insertMany}, a batch at a time, in the order added.
 */
final class BulkWriter implements AutoCloseable {

    private static final int BATCH = 1_000;

    private final MongoDatabase database;
    private final Map<String, List<Document>> pending = new LinkedHashMap<>();
    private long written;

    BulkWriter(MongoDatabase database) {
        this.database = database;
    }

    void add(String collection, Document document) {
        List<Document> batch = pending.computeIfAbsent(collection, name -> new ArrayList<>(BATCH));
        batch.add(document);
        if (batch.size() == BATCH) {
            flush(collection, batch);
        }
    }

    /** Documents written so far. */
    long written() {
        return written;
    }

    /** Writes what is still gathered. */
    @Override
    public void close() {
        pending.forEach(this::flush);
    }

    private void flush(String collection, List<Document> batch) {
        if (!batch.isEmpty()) {
            database.getCollection(collection).insertMany(batch, new InsertManyOptions().ordered(true));
            written += batch.size();
            batch.clear();
        }
    }
}
