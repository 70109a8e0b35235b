package io.exceed.followup.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.schedule.ClaimedFollowUp;
import io.exceed.followup.domain.schedule.FollowUpSchedule;

/**
 * Leases on follow-up documents. A claim first reads a bounded page of candidates (ids only, earliest milestone
 * first), then takes each with a conditional update on its id that repeats the "due and not leased" test, so of
 * two replicas racing for one follow-up exactly one matches. On MongoDB the candidate query uses the
 * {@code nextFireTime} index; the embedded store scans, which the batch limit keeps bounded.
 */
public class MongoFollowUpSchedule implements FollowUpSchedule {

    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";

    private final MongoCollection<Document> followUps;

    public MongoFollowUpSchedule(MongoDatabase database) {
        this.followUps = database.getCollection(FollowUpCollections.FOLLOW_UPS);
    }

    @Override
    public List<ClaimedFollowUp> claimDue(Instant now, String replica, Instant leaseUntil, int limit) {
        List<Object> candidates = new ArrayList<>();
        followUps.find(claimable(now))
                .sort(Sorts.ascending(MongoFollowUpStore.NEXT_FIRE_TIME))
                .projection(Projections.include("_id"))
                .limit(limit)
                .forEach(document -> candidates.add(document.get("_id")));
        List<ClaimedFollowUp> claimed = new ArrayList<>();
        for (Object id : candidates) {
            Document won = followUps.findOneAndUpdate(Filters.and(Filters.eq("_id", id), claimable(now)),
                    Updates.combine(Updates.set(LEASE_OWNER, replica), Updates.set(LEASE_UNTIL, Times.toDate(leaseUntil))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (won != null) {
                claimed.add(new ClaimedFollowUp(new TenantId(won.getString(TenantScope.TENANT_FIELD)),
                        MongoFollowUpStore.fromDocument(won)));
            }
        }
        return claimed;
    }

    @Override
    public boolean advance(TenantId tenant, FollowUp updated, long previousRevision, String replica) {
        List<Bson> changes = new ArrayList<>();
        MongoFollowUpStore.toDocument(updated).forEach((field, value) -> {
            if (!field.equals("_id")) {
                changes.add(Updates.set(field, value));
            }
        });
        changes.add(Updates.unset(LEASE_OWNER));
        changes.add(Updates.unset(LEASE_UNTIL));
        return followUps.updateOne(TenantScope.filter(tenant, Filters.eq("_id", updated.id()),
                Filters.eq("revision", previousRevision), Filters.eq(LEASE_OWNER, replica)),
                Updates.combine(changes)).getMatchedCount() == 1;
    }

    @Override
    public void release(TenantId tenant, String followUpId, String replica) {
        followUps.updateOne(TenantScope.filter(tenant, Filters.eq("_id", followUpId), Filters.eq(LEASE_OWNER, replica)),
                Updates.combine(Updates.unset(LEASE_OWNER), Updates.unset(LEASE_UNTIL)));
    }

    /** Due now, and not held by a live lease. */
    private static Bson claimable(Instant now) {
        return Filters.and(Filters.lte(MongoFollowUpStore.NEXT_FIRE_TIME, Times.toDate(now)),
                Filters.or(Filters.exists(LEASE_UNTIL, false), Filters.lte(LEASE_UNTIL, Times.toDate(now))));
    }
}
