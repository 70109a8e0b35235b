package io.exceed.customer.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** Where erasures in progress are kept, so a part that failed is retried after a restart too. */
public interface ErasureStore {

    /** Stores {@code started} unless the customer's erasure is already recorded; returns the stored one. */
    ErasureRecord open(ErasureRecord started);

    Optional<ErasureRecord> find(TenantId tenant, String customerId);

    /** Replaces the record if it is still at {@code previousRevision}; false if it changed meanwhile. */
    boolean replace(ErasureRecord updated, long previousRevision);

    /** Leases up to {@code limit} records with a part due at {@code now}, across tenants, to {@code replica}. */
    List<ErasureRecord> claimDue(Instant now, String replica, Instant leaseUntil, int limit);

    /** Ends {@code replica}'s lease on the record. */
    void release(ErasureRecord record, String replica);
}
