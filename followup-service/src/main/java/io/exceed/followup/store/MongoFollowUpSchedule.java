package io.exceed.followup.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.eventing.Leases;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.schedule.ClaimedFollowUp;
import io.exceed.followup.domain.schedule.FollowUpSchedule;

/** Leases on follow-up documents whose next milestone ({@code nextFireTime}) is due. */
public class MongoFollowUpSchedule implements FollowUpSchedule {

    private final MongoCollection<Document> followUps;

    public MongoFollowUpSchedule(MongoDatabase database) {
        this.followUps = database.getCollection(FollowUpCollections.FOLLOW_UPS);
    }

    @Override
    public List<ClaimedFollowUp> claimDue(Instant now, String replica, Instant leaseUntil, int limit) {
        return Leases.claim(followUps, Filters.lte(MongoFollowUpStore.NEXT_FIRE_TIME, Times.toDate(now)),
                MongoFollowUpStore.NEXT_FIRE_TIME, now, replica, leaseUntil, limit).stream()
                .map(document -> new ClaimedFollowUp(new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                        MongoFollowUpStore.fromDocument(document)))
                .toList();
    }

    /**
     * Conditional on the revision alone: should this replica's lease have expired and another replica have
     * advanced the follow-up first, the revision has moved on and this write fails; should this one win, the
     * other's fails. Either way each milestone is stored once.
     */
    @Override
    public boolean advance(TenantId tenant, FollowUp updated, long previousRevision) {
        return Revisions.replace(followUps, tenant, MongoFollowUpStore.toDocument(updated), previousRevision,
                Optional.empty(), Leases.released());
    }

    @Override
    public void release(TenantId tenant, String followUpId, String replica) {
        followUps.updateOne(TenantScope.filter(tenant, Filters.eq("_id", followUpId), Leases.heldBy(replica)),
                Leases.released());
    }
}
