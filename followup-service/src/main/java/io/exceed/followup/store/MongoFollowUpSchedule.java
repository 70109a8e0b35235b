package io.exceed.followup.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.TenantScope;
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

    @Override
    public boolean advance(TenantId tenant, FollowUp updated, long previousRevision, String replica) {
        List<Bson> changes = new ArrayList<>();
        MongoFollowUpStore.toDocument(updated).forEach((field, value) -> {
            if (!field.equals("_id")) {
                changes.add(Updates.set(field, value));
            }
        });
        changes.add(Leases.released());
        return followUps.updateOne(TenantScope.filter(tenant, Filters.eq("_id", updated.id()),
                Filters.eq("revision", previousRevision), Leases.heldBy(replica)),
                Updates.combine(changes)).getMatchedCount() == 1;
    }

    @Override
    public void release(TenantId tenant, String followUpId, String replica) {
        followUps.updateOne(TenantScope.filter(tenant, Filters.eq("_id", followUpId), Leases.heldBy(replica)),
                Leases.released());
    }
}
