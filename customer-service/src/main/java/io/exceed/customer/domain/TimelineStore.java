package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where timeline events are kept. Every method is scoped to one tenant. */
public interface TimelineStore {

    /**
     * Records an event, with the customer events it announces in the same write; if one was already recorded under
     * the same request id, returns that one and records nothing.
     */
    TimelineEvent insert(TenantId tenant, TimelineEvent event, List<CustomerEvent> announced,
            Optional<String> requestId);

    /** Newest first. */
    Page<TimelineEvent> list(TenantId tenant, String customerId, Optional<String> after, int limit);

    List<TimelineEvent> all(TenantId tenant, String customerId);

    void deleteAll(TenantId tenant, String customerId);
}
