package io.exceed.defaults.storage;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

/**
 * Indexes for the embedded store's sake. It uses an index only for a query whose fields are exactly the index's
 * fields (and none for {@code $and}), so a write conditioned on, say, {@code tenant, _id, revision} scans the
 * collection. A unique index on exactly those fields (unique because it includes {@code _id}) turns it into a
 * lookup. MongoDB finds such documents through {@code _id} itself, so there these indexes are not created.
 */
public final class ExactKeyIndexes {

    private final boolean embedded;

    public ExactKeyIndexes(boolean embedded) {
        this.embedded = embedded;
    }

    /** Makes queries on exactly {@code fields} (one of them {@code _id}) lookups on the embedded store. */
    public void ensure(MongoCollection<Document> collection, String... fields) {
        if (embedded) {
            collection.createIndex(Indexes.ascending(fields), new IndexOptions().unique(true));
        }
    }
}
