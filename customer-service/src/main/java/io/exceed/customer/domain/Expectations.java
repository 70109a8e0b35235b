package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Customers' stated expectations over time. Expectations change, so every statement is kept and the
 * ones older than the stale age are re-asked.
 */
public class Expectations {

    static final int TOTAL_WEIGHT = 100;
    static final int MAX_LEVEL = 100;
    private static final String PREFIX = "snapshot.";

    private final Customers customers;
    private final CustomerStore customerStore;
    private final ExpectationStore snapshots;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Duration defaultStaleAge;

    public Expectations(Customers customers, CustomerStore customerStore, ExpectationStore snapshots, Clock clock,
            Supplier<String> ids, Duration defaultStaleAge) {
        this.customers = customers;
        this.customerStore = customerStore;
        this.snapshots = snapshots;
        this.clock = clock;
        this.ids = ids;
        this.defaultStaleAge = defaultStaleAge;
    }

    public ExpectationSnapshot append(TenantId tenant, String customerId, ExpectationSnapshot draft,
            Optional<String> requestId, Violations violations) {
        Instant now = clock.instant();
        check(draft, now, violations);
        violations.throwIfAny();
        customers.active(tenant, customerId);
        Instant observed = draft.observeTime() == null ? now : draft.observeTime();
        ExpectationSnapshot stored = snapshots.insert(tenant, new ExpectationSnapshot(ids.get(), customerId,
                draft.driverWeights(), draft.dimensionLevels(), draft.source(), observed, now), requestId);
        customerStore.recordExpectationTime(tenant, customerId, stored.observeTime());
        return stored;
    }

    public ExpectationSnapshot latest(TenantId tenant, String customerId) {
        customers.get(tenant, customerId);
        return snapshots.latest(tenant, customerId)
                .orElseThrow(() -> new NotFoundException("expectation snapshot", customerId));
    }

    public Page<ExpectationSnapshot> list(TenantId tenant, String customerId, Optional<String> after, int limit) {
        customers.get(tenant, customerId);
        return snapshots.list(tenant, customerId, after, limit);
    }

    /** Customers to ask again: latest expectations older than {@code maxAge} (default if null), or none. */
    public Page<Customer> stale(TenantId tenant, Duration maxAge, Optional<String> afterId, int limit) {
        Duration age = maxAge == null ? defaultStaleAge : maxAge;
        return customerStore.listStaleExpectations(tenant, clock.instant().minus(age), afterId, limit);
    }

    static void check(ExpectationSnapshot draft, Instant now, Violations violations) {
        violations.require(draft.source() != null, PREFIX + "source", "is required");
        violations.require(!draft.driverWeights().isEmpty() || !draft.dimensionLevels().isEmpty(), "snapshot",
                "state at least one driver weight or dimension level");
        Set<Driver> drivers = EnumSet.noneOf(Driver.class);
        int total = 0;
        for (int i = 0; i < draft.driverWeights().size(); i++) {
            ExpectationSnapshot.DriverWeight weight = draft.driverWeights().get(i);
            String field = PREFIX + "driver_weights[" + i + "]";
            if (weight.driver() == null) {
                violations.add(field + ".driver", "is required and must be a known driver");
            } else {
                violations.require(drivers.add(weight.driver()), field + ".driver", "appears more than once");
            }
            violations.require(weight.weight() >= 0 && weight.weight() <= TOTAL_WEIGHT, field + ".weight",
                    "must be between 0 and " + TOTAL_WEIGHT);
            total += weight.weight();
        }
        violations.require(draft.driverWeights().isEmpty() || total == TOTAL_WEIGHT, PREFIX + "driver_weights",
                "weights must sum to " + TOTAL_WEIGHT + ", got " + total);
        Set<ServiceDimension> dimensions = EnumSet.noneOf(ServiceDimension.class);
        for (int i = 0; i < draft.dimensionLevels().size(); i++) {
            ExpectationSnapshot.DimensionLevel level = draft.dimensionLevels().get(i);
            String field = PREFIX + "dimension_levels[" + i + "]";
            if (level.dimension() == null) {
                violations.add(field + ".dimension", "is required and must be a known dimension");
            } else {
                violations.require(dimensions.add(level.dimension()), field + ".dimension", "appears more than once");
            }
            violations.require(level.expectedLevel() >= 0 && level.expectedLevel() <= MAX_LEVEL,
                    field + ".expected_level", "must be between 0 and " + MAX_LEVEL);
        }
        violations.require(draft.observeTime() == null || !draft.observeTime().isAfter(now), PREFIX + "observe_time",
                "must not be in the future");
    }
}
