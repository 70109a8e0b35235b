package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where expectation snapshots are kept. Every method is scoped to one tenant. */
public interface ExpectationStore {

    /** Appends a snapshot; if one was already appended under the same request id, returns that one. */
    ExpectationSnapshot insert(TenantId tenant, ExpectationSnapshot snapshot, Optional<String> requestId);

    Optional<ExpectationSnapshot> latest(TenantId tenant, String customerId);

    /** Newest observation first. */
    Page<ExpectationSnapshot> list(TenantId tenant, String customerId, Optional<String> after, int limit);

    List<ExpectationSnapshot> all(TenantId tenant, String customerId);

    void deleteAll(TenantId tenant, String customerId);
}
