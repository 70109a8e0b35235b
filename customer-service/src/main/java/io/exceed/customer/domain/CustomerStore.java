package io.exceed.customer.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.customer.domain.event.CustomerEvent;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where customers are kept. Every method is scoped to one tenant. */
public interface CustomerStore {

    /**
     * Stores a new customer. If a customer was already created under the same request id, returns that one
     * instead. Fails with ALREADY_EXISTS if the external reference is taken.
     */
    Customer insert(TenantId tenant, Customer customer, Optional<String> requestId);

    Optional<Customer> find(TenantId tenant, String id);

    Optional<Customer> findByExternalReference(TenantId tenant, String externalReference);

    /** Whether a change with this request id was already applied to the customer. */
    boolean hasApplied(TenantId tenant, String id, String requestId);

    /**
     * Replaces the customer if its stored version is still {@code previousVersion}; false if it changed
     * meanwhile. Fails with ALREADY_EXISTS if a new external reference is taken.
     */
    boolean replace(TenantId tenant, Customer updated, long previousVersion, Optional<String> requestId);

    Page<Customer> list(TenantId tenant, CustomerFilter filter, Optional<String> afterId, int limit);

    /** Active customers whose latest expectations were stated before {@code cutoff}, or never. */
    Page<Customer> listStaleExpectations(TenantId tenant, Instant cutoff, Optional<String> afterId, int limit);

    /**
     * Moves the customer's latest expectation time forward to {@code observeTime} if it is later; the newer
     * expectations may go stale in their turn, so they have not been announced stale yet.
     */
    void recordExpectationTime(TenantId tenant, String id, Instant observeTime);

    /**
     * Active customers of every tenant, by id after {@code afterId}, whose latest expectations were stated before
     * {@code cutoff} and were not yet announced stale.
     */
    List<StaleExpectations.Candidate> unannouncedStaleExpectations(Instant cutoff, Optional<String> afterId,
            int limit);

    /**
     * Records {@code event} in the customer's outbox and marks its latest expectations as announced stale, in one
     * write, if the customer is still at {@code version}; false if it changed meanwhile.
     */
    boolean announceStaleExpectations(TenantId tenant, String id, long version, CustomerEvent event);

    boolean delete(TenantId tenant, String id);

    /** What storing a derived relationship state did. */
    enum RelationshipWrite {
        /** Stored, with a new version when the state changed. */
        APPLIED,
        /** Nothing: a summary as new or newer was applied already. */
        STALE,
        /** Nothing: the customer changed since it was read (or is gone); read it again. */
        CHANGED
    }

    /**
     * Stores {@code state}, derived from a summary as of {@code asOf}, if the customer is still at
     * {@code current}'s version and no summary as new was applied; the version goes up only when the state
     * changes, so a summary that changes nothing does not disturb a client's optimistic update. {@code announced}
     * go into the customer's outbox in the same write, so they are recorded exactly when the state is.
     */
    RelationshipWrite applyRelationship(TenantId tenant, Customer current, RelationshipState state, Instant asOf,
            Instant now, List<CustomerEvent> announced);
}
