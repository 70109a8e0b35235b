package io.exceed.followup.domain.schedule;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;

/** A follow-up this replica holds the lease on, as it stood when claimed. */
public record ClaimedFollowUp(TenantId tenant, FollowUp followUp) {
}
