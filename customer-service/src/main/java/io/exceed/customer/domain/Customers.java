package io.exceed.customer.domain;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

import io.exceed.defaults.error.AlreadyExistsException;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** The customer directory: creating, changing, listing, deleting, exporting and erasing customers. */
public class Customers {

    public static final String RESOURCE = "customer";
    private static final String FIELD_PREFIX = "customer.";
    private static final int MAX_ATTEMPTS = 10;

    private final CustomerStore customers;
    private final ExpectationStore expectations;
    private final TimelineStore timeline;
    private final ContactStore contacts;
    private final Clock clock;
    private final Supplier<String> ids;

    public Customers(CustomerStore customers, ExpectationStore expectations, TimelineStore timeline,
            ContactStore contacts, Clock clock, Supplier<String> ids) {
        this.customers = customers;
        this.expectations = expectations;
        this.timeline = timeline;
        this.contacts = contacts;
        this.clock = clock;
        this.ids = ids;
    }

    public Customer create(TenantId tenant, CustomerProfile draft, Optional<String> requestId, Violations violations) {
        CustomerProfile profile = ProfileRules.normalize(draft, FIELD_PREFIX, violations);
        violations.throwIfAny();
        return customers.insert(tenant, Customer.create(ids.get(), profile, clock.instant()), requestId);
    }

    public Customer get(TenantId tenant, String id) {
        return customers.find(tenant, id).orElseThrow(() -> new NotFoundException(RESOURCE, id));
    }

    /** The customer, if it exists and may still receive new data. */
    public Customer active(TenantId tenant, String id) {
        Customer customer = get(tenant, id);
        if (customer.isErased()) {
            throw new FailedPreconditionException("CUSTOMER_ERASED",
                    "customer '" + id + "' was erased; nothing new is accepted for it");
        }
        return customer;
    }

    public Customer update(TenantId tenant, UpdateCustomer command, Violations violations) {
        String id = command.id();
        Optional<String> requestId = command.requestId();
        OptionalLong expectedVersion = command.expectedVersion();
        ProfilePatch.checkMask(command.mask(), violations);
        violations.throwIfAny();
        Set<String> paths = Set.copyOf(command.mask());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Customer current = active(tenant, id);
            if (requestId.isPresent() && customers.hasApplied(tenant, id, requestId.get())) {
                return current;
            }
            if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
                throw new VersionConflictException(expectedVersion.getAsLong(), current.version());
            }
            CustomerProfile merged = ProfileRules.normalize(
                    ProfilePatch.apply(current.profile(), command.patch(), paths), FIELD_PREFIX, violations);
            violations.throwIfAny();
            Customer updated = current.withProfile(merged, clock.instant());
            if (customers.replace(tenant, updated, current.version(), requestId)) {
                return updated;
            }
        }
        Customer latest = get(tenant, id);
        throw new VersionConflictException(latest.version() - 1, latest.version());
    }

    public Page<Customer> list(TenantId tenant, CustomerFilter filter, Optional<String> afterId, int limit) {
        return customers.list(tenant, filter, afterId, limit);
    }

    /** Result of an upsert: the customer as stored and whether this call created it. */
    public record Upserted(Customer customer, boolean created) {
    }

    public Upserted upsert(TenantId tenant, CustomerProfile draft, Optional<String> requestId, Violations violations) {
        violations.require(draft.externalReference() != null && !draft.externalReference().isBlank(),
                FIELD_PREFIX + "external_reference", "is required to upsert");
        CustomerProfile profile = ProfileRules.normalize(draft, FIELD_PREFIX, violations);
        violations.throwIfAny();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Customer> existing = customers.findByExternalReference(tenant, profile.externalReference());
            if (existing.isEmpty()) {
                try {
                    Customer created = Customer.create(ids.get(), profile, clock.instant());
                    Customer stored = customers.insert(tenant, created, requestId);
                    return new Upserted(stored, true);
                } catch (AlreadyExistsException raced) {
                    continue;
                }
            }
            Customer current = existing.get();
            if (requestId.isPresent() && customers.hasApplied(tenant, current.id(), requestId.get())) {
                return new Upserted(current, false);
            }
            Customer updated = current.withProfile(profile, clock.instant());
            if (customers.replace(tenant, updated, current.version(), requestId)) {
                return new Upserted(updated, false);
            }
        }
        throw new FailedPreconditionException("CONCURRENT_UPSERT",
                "the customer kept changing during the upsert; retry");
    }

    /** Removes a customer created by mistake, with everything recorded about it. The contact log stays. */
    public void delete(TenantId tenant, String id) {
        get(tenant, id);
        expectations.deleteAll(tenant, id);
        timeline.deleteAll(tenant, id);
        contacts.deleteState(tenant, id);
        if (!customers.delete(tenant, id)) {
            throw new NotFoundException(RESOURCE, id);
        }
    }

    /**
     * Erases the customer's personal data: the profile becomes a tombstone and the timeline (notes, order
     * references) is removed. Expectation snapshots (numbers only) and the contact log (ids only) stay, so
     * aggregate figures stay true. Safe to repeat, which also finishes an erasure that was interrupted.
     */
    public Customer erase(TenantId tenant, String id) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Customer current = get(tenant, id);
            Customer erased = current.isErased() ? current : current.erase(clock.instant());
            if (current.isErased() || customers.replace(tenant, erased, current.version(), Optional.empty())) {
                timeline.deleteAll(tenant, id);
                contacts.deleteState(tenant, id);
                return erased;
            }
        }
        throw new FailedPreconditionException("CONCURRENT_ERASE", "the customer kept changing during erasure; retry");
    }

    /** Everything stored about one customer. */
    public record Export(Customer customer, List<ExpectationSnapshot> snapshots, List<TimelineEvent> events,
            List<ContactLogEntry> contactLog) {
    }

    public Export export(TenantId tenant, String id) {
        Customer customer = get(tenant, id);
        return new Export(customer, expectations.all(tenant, id), timeline.all(tenant, id),
                contacts.logOf(tenant, id));
    }
}
