package io.exceed.customer.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.eventing.Leases;
import io.exceed.defaults.storage.Times;

/**
 * A periodic job that exactly one replica runs at a time, every interval: its turn is a document in "sweeps"
 * ({_id: name, nextRun, lease fields}) that a replica claims with a lease once it is due. A replica that dies
 * while running leaves the lease to expire; another then takes the turn.
 */
public class MongoSweepSchedule {

    private final MongoCollection<Document> sweeps;
    private final String name;
    private final Duration interval;
    private final Duration lease;
    private final String replica;
    private final Clock clock;

    public MongoSweepSchedule(MongoDatabase database, String name, Duration interval, Duration lease, String replica,
            Clock clock) {
        this.sweeps = database.getCollection(CustomerCollections.SWEEPS);
        this.name = name;
        this.interval = interval;
        this.lease = lease;
        this.replica = replica;
        this.clock = clock;
        try {
            sweeps.insertOne(new Document("_id", name).append("nextRun", Times.toDate(clock.instant())));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    /**
     * Runs {@code job} if its turn is due and this replica claims it; the next turn is an interval later. A job
     * that fails keeps its turn due, so the next attempt retries it.
     */
    public boolean runIfDue(Runnable job) {
        Instant now = clock.instant();
        if (Leases.claim(sweeps, Filters.and(Filters.eq("_id", name), Filters.lte("nextRun", Times.toDate(now))),
                "nextRun", now, replica, now.plus(lease), 1).isEmpty()) {
            return false;
        }
        boolean done = false;
        try {
            job.run();
            done = true;
        } finally {
            sweeps.updateOne(Filters.and(Filters.eq("_id", name), Leases.heldBy(replica)), done
                    ? Updates.combine(Updates.set("nextRun", Times.toDate(now.plus(interval))), Leases.released())
                    : Leases.released());
        }
        return true;
    }
}
