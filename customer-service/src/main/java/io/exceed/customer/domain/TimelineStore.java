package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where timeline events are kept. Every method is scoped to one tenant. */
public interface TimelineStore {

    /** Records an event; if one was already recorded under the same request id, returns that one. */
    TimelineEvent insert(TenantId tenant, TimelineEvent event, Optional<String> requestId);

    /** Newest first. */
    Page<TimelineEvent> list(TenantId tenant, String customerId, Optional<String> after, int limit);

    List<TimelineEvent> all(TenantId tenant, String customerId);

    void deleteAll(TenantId tenant, String customerId);
}
