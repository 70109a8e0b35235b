package io.exceed.followup.domain.webhook;

import io.exceed.defaults.tenancy.TenantId;

/** A delivery this replica holds the lease on. */
public record ClaimedDelivery(TenantId tenant, WebhookDelivery delivery) {
}
