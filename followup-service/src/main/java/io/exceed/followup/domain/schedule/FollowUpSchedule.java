package io.exceed.followup.domain.schedule;

import java.time.Instant;
import java.util.List;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;

/** The scheduler's view of the follow-ups: which milestones are due, and leases so one replica acts on each. */
public interface FollowUpSchedule {

    /**
     * Claims up to {@code limit} follow-ups whose next milestone is due at {@code now} and that no live lease
     * holds, for {@code replica} until {@code leaseUntil}. Each is claimed atomically: two replicas never both
     * win the same follow-up, and a lease that expired (its holder crashed) can be claimed again.
     */
    List<ClaimedFollowUp> claimDue(Instant now, String replica, Instant leaseUntil, int limit);

    /**
     * Stores what the milestones made of the follow-up and releases the lease, if the follow-up is still at
     * {@code previousRevision}; false otherwise (nothing changed).
     */
    boolean advance(TenantId tenant, FollowUp updated, long previousRevision);

    /** Gives up the lease, so the next run (on any replica) looks at the follow-up afresh. */
    void release(TenantId tenant, String followUpId, String replica);
}
