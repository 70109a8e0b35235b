package io.exceed.defaults.storage;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

/**
 * Deletes in bounded steps, for purges of what has expired: a {@code deleteMany} of a whole backlog would hold the
 * embedded store, which runs one command at a time, for as long as the backlog takes. The filter is applied again to
 * the ids found, so a document changed in between (no longer expired) is kept.
 */
public final class BoundedDeletes {

    private BoundedDeletes() {
    }

    /** Deletes up to {@code limit} documents matching {@code filter}; returns how many. */
    public static int deleteUpTo(MongoCollection<Document> collection, Bson filter, int limit) {
        List<Object> ids = new ArrayList<>();
        collection.find(filter).projection(Projections.include("_id")).limit(limit)
                .forEach(document -> ids.add(document.get("_id")));
        if (ids.isEmpty()) {
            return 0;
        }
        return (int) collection.deleteMany(Filters.and(Filters.in("_id", ids), filter)).getDeletedCount();
    }
}
