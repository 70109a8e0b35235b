package io.exceed.followup.domain.webhook;

import io.exceed.defaults.tenancy.TenantId;

/**
 * A delivery this replica holds the lease on.
 *
 * @param claim identifies this claim: storing the outcome under it fails once another replica has claimed the
 *              delivery (after this one's lease expired)
 */
public record ClaimedDelivery(TenantId tenant, WebhookDelivery delivery, long claim) {
}
