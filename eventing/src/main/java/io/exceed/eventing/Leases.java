package io.exceed.eventing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.Times;

/**
 * Leases that let any number of replicas share work stored as documents. A claim reads a bounded page of
 * candidates (most overdue first, not held by a live lease) with their claim version, then takes each by
 * compare-and-set on {@code _id} and that version, which the claim increments: of two replicas racing for one
 * document exactly one wins, and a lease that expired (its holder crashed) is simply claimed again. The page is
 * twice the batch, so replicas that read the same page at once each still fill their batch from it rather than
 * splitting one batch between them. On MongoDB the candidate query uses an index on the due field; the embedded
 * store scans, which the batch limit bounds, and takes each claim as a lookup (see {@link ExactKeyIndexes}).
 */
public final class Leases {

    public static final String OWNER = "leaseOwner";
    public static final String UNTIL = "leaseUntil";
    public static final String VERSION = "leaseVersion";

    /**
     * A name to hold leases under: the pod's host name and a random part, so no two owners share one, not even a
     * restarted pod and its predecessor.
     */
    public static String newOwner() {
        return System.getenv().getOrDefault("HOSTNAME", "local") + "-" + UUID.randomUUID();
    }

    private Leases() {
    }

    public static void createIndexes(MongoCollection<Document> collection, ExactKeyIndexes indexes) {
        indexes.ensure(collection, "_id", VERSION);
    }

    /** Claims up to {@code limit} documents that are {@code due} and not held by a live lease. */
    public static List<Document> claim(MongoCollection<Document> collection, Bson due, String dueField, Instant now,
            String replica, Instant leaseUntil, int limit) {
        return claim(collection, due, dueField, List.of(), candidate -> true, now, replica, leaseUntil, limit);
    }

    /**
     * Claims up to {@code limit} documents that are {@code due}, not held by a live lease and {@code admitted}:
     * each candidate is read with its {@code fields} and offered to {@code admitted} before it is taken, so a
     * caller can share a batch out (between tenants, say) without writing to what it does not take.
     */
    public static List<Document> claim(MongoCollection<Document> collection, Bson due, String dueField,
            List<String> fields, Predicate<Document> admitted, Instant now, String replica, Instant leaseUntil,
            int limit) {
        List<String> read = new ArrayList<>(List.of("_id", VERSION));
        read.addAll(fields);
        List<Document> candidates = new ArrayList<>();
        collection.find(Filters.and(due,
                        Filters.or(Filters.exists(UNTIL, false), Filters.lte(UNTIL, Times.toDate(now)))))
                .sort(Sorts.ascending(dueField))
                .projection(Projections.include(read))
                .limit(2 * limit)
                .into(candidates);
        List<Document> claimed = new ArrayList<>();
        for (Document candidate : candidates) {
            if (claimed.size() == limit) {
                break;
            }
            if (!admitted.test(candidate)) {
                continue;
            }
            Document won = take(collection, candidate, replica, leaseUntil);
            if (won != null) {
                claimed.add(won);
            }
        }
        return claimed;
    }

    /**
     * Claims those of the documents named by {@code ids} that are {@code due} (judged on {@code dueFields} of the
     * document as read) and held by no live lease. Each is read by {@code _id}, a lookup on every store, so a
     * replica that knows which documents it has just made due claims them without the candidate query. The read
     * names its fields: the embedded store's in-memory backend otherwise sends the stored document itself, which
     * a concurrent write can change while it is being encoded. {@code due} is asked only about documents no live
     * lease holds, so it may count what it lets through.
     */
    public static List<Document> claimNamed(MongoCollection<Document> collection, List<?> ids,
            List<String> dueFields, Predicate<Document> due, Instant now, String replica, Instant leaseUntil) {
        List<String> fields = new ArrayList<>(List.of("_id", VERSION, UNTIL));
        fields.addAll(dueFields);
        List<Document> claimed = new ArrayList<>();
        for (Object id : ids) {
            Document read = collection.find(Filters.eq("_id", id)).projection(Projections.include(fields)).first();
            if (read == null || leased(read, now) || !due.test(read)) {
                continue;
            }
            Document won = take(collection, read, replica, leaseUntil);
            if (won != null) {
                claimed.add(won);
            }
        }
        return claimed;
    }

    private static boolean leased(Document read, Instant now) {
        Date until = read.getDate(UNTIL);
        return until != null && until.toInstant().isAfter(now);
    }

    /** The document leased to {@code replica}, or null when another replica claimed it since it was read. */
    public static Document take(MongoCollection<Document> collection, Document read, String replica,
            Instant leaseUntil) {
        return collection.findOneAndUpdate(unchanged(read),
                Updates.combine(Updates.set(OWNER, replica), Updates.set(UNTIL, Times.toDate(leaseUntil)),
                        Updates.inc(VERSION, 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
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
