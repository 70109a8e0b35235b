package io.exceed.followup.store;

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

import io.exceed.defaults.storage.Times;

/**
 * Leases that let any number of replicas share work stored as documents. A claim reads a bounded page of
 * candidates (ids only, most overdue first), then takes each with a conditional update on its id that repeats
 * the test, so of two replicas racing for one document exactly one wins. A lease that expired (its holder
 * crashed) can be claimed again. On MongoDB the candidate query uses an index on the due field; the embedded
 * store scans, which the batch limit keeps bounded.
 */
final class Leases {

    static final String OWNER = "leaseOwner";
    static final String UNTIL = "leaseUntil";

    private Leases() {
    }

    /** Claims up to {@code limit} documents that are {@code due} and not held by a live lease. */
    static List<Document> claim(MongoCollection<Document> collection, Bson due, String dueField, Instant now,
            String replica, Instant leaseUntil, int limit) {
        Bson claimable = Filters.and(due,
                Filters.or(Filters.exists(UNTIL, false), Filters.lte(UNTIL, Times.toDate(now))));
        List<Object> candidates = new ArrayList<>();
        collection.find(claimable)
                .sort(Sorts.ascending(dueField))
                .projection(Projections.include("_id"))
                .limit(limit)
                .forEach(document -> candidates.add(document.get("_id")));
        List<Document> claimed = new ArrayList<>();
        for (Object id : candidates) {
            Document won = collection.findOneAndUpdate(Filters.and(Filters.eq("_id", id), claimable),
                    Updates.combine(Updates.set(OWNER, replica), Updates.set(UNTIL, Times.toDate(leaseUntil))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (won != null) {
                claimed.add(won);
            }
        }
        return claimed;
    }

    /** Matches documents {@code replica} still holds. */
    static Bson heldBy(String replica) {
        return Filters.eq(OWNER, replica);
    }

    /** Ends the lease. */
    static Bson released() {
        return Updates.combine(Updates.unset(OWNER), Updates.unset(UNTIL));
    }
}
