package io.exceed.defaults.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;


/**
 * Leases that let any number of replicas share work stored as documents. A claim reads a bounded page of
 * candidates (most overdue first, not held by a live lease) with their claim version, then takes each by
 * compare-and-set on {@code _id} and that version, which the claim increments: of two replicas racing for one
 * document exactly one wins, and a lease that expired (its holder crashed) is simply claimed again. On MongoDB
 * the candidate query uses an index on the due field; the embedded store scans, which the batch limit bounds,
 * and takes each claim as a lookup (see {@link ExactKeyIndexes}).
 */
public final class Leases {

    public static final String OWNER = "leaseOwner";
    public static final String UNTIL = "leaseUntil";
    public static final String VERSION = "leaseVersion";

    private Leases() {
    }

    public static void createIndexes(MongoCollection<Document> collection, ExactKeyIndexes indexes) {
        indexes.ensure(collection, "_id", VERSION);
    }

    /** Claims up to {@code limit} documents that are {@code due} and not held by a live lease. */
    public static List<Document> claim(MongoCollection<Document> collection, Bson due, String dueField, Instant now,
            String replica, Instant leaseUntil, int limit) {
        List<Document> candidates = new ArrayList<>();
        collection.find(Filters.and(due,
                        Filters.or(Filters.exists(UNTIL, false), Filters.lte(UNTIL, Times.toDate(now)))))
                .sort(Sorts.ascending(dueField))
                .projection(Projections.include("_id", VERSION))
                .limit(limit)
                .into(candidates);
        List<Document> claimed = new ArrayList<>();
        for (Document candidate : candidates) {
            Document won = collection.findOneAndUpdate(unchanged(candidate),
                    Updates.combine(Updates.set(OWNER, replica), Updates.set(UNTIL, Times.toDate(leaseUntil)),
                            Updates.inc(VERSION, 1L)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (won != null) {
                claimed.add(won);
            }
        }
        return claimed;
    }

    /** Matches the document only while nobody has claimed it since it was read. */
    public static Bson unchanged(Document read) {
        return read.containsKey(VERSION) ? new Document("_id", read.get("_id")).append(VERSION, read.get(VERSION))
                : Filters.and(Filters.eq("_id", read.get("_id")), Filters.exists(VERSION, false));
    }

    /** Matches documents {@code replica} still holds. */
    public static Bson heldBy(String replica) {
        return Filters.eq(OWNER, replica);
    }

    /** Ends the lease. */
    public static Bson released() {
        return Updates.combine(Updates.unset(OWNER), Updates.unset(UNTIL));
    }
}
