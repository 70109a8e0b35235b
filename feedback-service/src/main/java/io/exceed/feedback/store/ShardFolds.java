package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;

/**
 * Folds each change of a source document (a response stored, a complaint received or moved) into a rollup shard
 * exactly once, without transactions; {@link MongoRollups} and {@link ComplaintRollups} are its two sources.
 * <p>
 * A source document with a change not yet counted is marked {@code rollup: "pending"}. A fold adds the change to
 * the document's shard with a compare-and-set on the shard's {@code version} that also records the change as the
 * shard's {@code last}, then settles it at the source (the source records the change as counted and clears its
 * mark). The change a shard names as {@code last} may not be settled yet (its writer stopped in between), so a fold
 * that reads the shard settles that one before its own compare-and-set replaces it: a marked change is then counted
 * exactly when its shard names it. A fold reads the shard, settles its last, then reads the source's pending change:
 * if there is none (the last was this change, or another fold settled it), it is done; if another fold added the
 * change after the read, the version has moved, the compare-and-set fails and it reads again. A crash after the add
 * leaves the shard naming the change, so the next fold (the sweep finds the mark) only settles it.
 */
final class ShardFolds {

    /** The mark of a source document whose change is not yet folded into its rollup. */
    static final String MARK = "rollup";
    static final String PENDING = "pending";
    static final String VERSION = "version";
    static final String LAST = "last";

    /** How a source records that a change a shard names as its last is counted. */
    interface Settle {
        void settle(String tenant, Object last);
    }

    /** A change to add: the updates of a shard's figures, and how the shard names it as its last. */
    record Change(List<Bson> updates, Object last) {
    }

    private final MongoCollection<Document> shards;
    private final Settle settle;

    ShardFolds(MongoCollection<Document> shards, Settle settle) {
        this.shards = shards;
        this.settle = settle;
    }

    /**
     * Folds the change {@code pending} reads from the source (null once there is none) into the shard, creating the
     * shard as {@code empty} gives it if there is none yet. Returns the shard's version after this fold's add, or
     * empty if another fold had added the change.
     */
    OptionalLong fold(String tenant, String shardId, Supplier<Document> empty, Supplier<Change> pending) {
        while (true) {
            Document current = shards.find(Filters.eq("_id", shardId))
                    .projection(Projections.include(VERSION, LAST)).first();
            if (current == null) {
                try {
                    shards.insertOne(empty.get());
                } catch (MongoException e) {
                    if (!DuplicateKey.is(e)) {
                        throw e;
                    }
                }
                continue;
            }
            long version = ((Number) current.get(VERSION)).longValue();
            Object last = current.get(LAST);
            if (last != null) {
                settle.settle(tenant, last);
            }
            Change change = pending.get();
            if (change == null) {
                return OptionalLong.empty();
            }
            if (add(tenant, shardId, version, change)) {
                return OptionalLong.of(version + 1);
            }
        }
    }

    /**
     * The compare-and-set: adds the change to the shard if the shard's version is still {@code version}, and then
     * settles it. A version known to have a settled last is one a writer may add at without reading the shard.
     */
    boolean add(String tenant, String shardId, long version, Change change) {
        List<Bson> updates = new ArrayList<>(change.updates());
        updates.add(Updates.inc(VERSION, 1L));
        updates.add(Updates.set(LAST, change.last()));
        // Exactly the fields of the exact-key index on the shards, so the embedded store looks it up.
        boolean added = shards.updateOne(new Document("_id", shardId).append(VERSION, version),
                Updates.combine(updates)).getMatchedCount() == 1;
        if (added) {
            settle.settle(tenant, change.last());
        }
        return added;
    }
}
