package io.exceed.followup.domain.event;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Where the scheduler hands the events it produces: the tenant's feed, and the tenant's webhook endpoints. The
 * scheduler may hand over the same event again after a crash; a sink stores it once.
 */
public interface FollowUpEventSink {

    void accept(TenantId tenant, FollowUpEvent event);
}
