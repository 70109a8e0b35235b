package io.exceed.customer.domain;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Where each customer's recent grants and the tenant's contact log are kept. */
public interface ContactStore {

    /**
     * A customer's recent grants, the grants not yet in the log, and the version to update against.
     * {@code recentLogKnown} is false for a state stored before it listed its latest log entries.
     */
    record ContactState(long version, List<ContactGrant> grants, List<ContactGrant> unlogged,
            boolean recentLogKnown) {
    }

    ContactState state(TenantId tenant, String customerId);

    /**
     * Adds a grant (also marked as not yet logged) if the state is still the {@code previous} one read;
     * false if another reservation changed it first. This is what keeps two reservations from taking one slot.
     */
    boolean addGrant(TenantId tenant, String customerId, ContactState previous, ContactGrant grant);

    /**
     * Marks the grant of {@code entry} logged, and the entry as one of the customer's latest; {@code state} is the
     * state the grant was added to (or found unlogged in).
     */
    void markLogged(TenantId tenant, String customerId, ContactState state, ContactLogEntry entry);

    void deleteState(TenantId tenant, String customerId);

    /** Appends the grant to the tenant's log, once: a grant already logged returns its entry. */
    ContactLogEntry appendToLog(TenantId tenant, ContactGrant grant);

    Optional<ContactLogEntry> logEntry(TenantId tenant, String reservationId);

    /** In sequence order, optionally for one customer. */
    Page<ContactLogEntry> log(TenantId tenant, Optional<String> customerId, Optional<String> after, int limit);

    List<ContactLogEntry> logOf(TenantId tenant, String customerId);

    /** The customer's latest {@code limit} entries, newest first. */
    List<ContactLogEntry> latestOf(TenantId tenant, String customerId, int limit);
}
