package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Erasing a customer everywhere. customer-service erases its own data first (the tombstone), then asks every other
 * service to do its part with one pseudonym per erasure. A part whose service cannot be reached is recorded as
 * pending and retried in the background with backoff until it completes; asking to erase again reports where every
 * part stands (and tries the pending ones at once).
 */
public class Erasures {

    /** customer-service's own part, always completed by the time a report is made. */
    public static final String LOCAL_PART = "customer-service";
    public static final String PSEUDONYM_PREFIX = "erased-";

    private static final int MAX_ATTEMPTS = 10;

    private final Customers customers;
    private final ErasureStore store;
    private final List<ErasurePart> parts;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    public Erasures(Customers customers, ErasureStore store, List<ErasurePart> parts, Clock clock,
            Supplier<String> ids, Duration firstBackoff, Duration maxBackoff) {
        this.customers = customers;
        this.store = store;
        this.parts = List.copyOf(parts);
        this.clock = clock;
        this.ids = ids;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The other services that take part, in the order they are asked. */
    public List<String> services() {
        return parts.stream().map(ErasurePart::service).toList();
    }

    /** The tombstone and how far the erasure got in every other service. */
    public record Report(Customer tombstone, ErasureRecord record) {
    }

    public Report erase(TenantId tenant, String customerId) {
        Customer tombstone = customers.erase(tenant, customerId);
        Instant now = clock.instant();
        ErasureRecord record = store.open(ErasureRecord.start(tenant, customerId, PSEUDONYM_PREFIX + ids.get(),
                services(), now, now.plus(firstBackoff)));
        return new Report(tombstone, attempt(record));
    }

    /**
     * Deleting a customer: the same erasure everywhere, then customer-service forgets the id as well (the tombstone,
     * expectation snapshots, timeline and contact state go; the contact log, which holds ids only, stays). The other
     * services keep refusing new data for the id, and a pending part is still retried in the background.
     */
    public ErasureRecord delete(TenantId tenant, String customerId) {
        Report report = erase(tenant, customerId);
        customers.delete(tenant, customerId);
        return report.record();
    }

    /**
     * Retries the parts that are due, on the erasures this replica leases; a crashed replica's lease runs out and
     * another takes its erasures over. Returns how many erasures were leased.
     */
    public int retryDue(String replica, Duration lease, int batch) {
        Instant now = clock.instant();
        List<ErasureRecord> due = store.claimDue(now, replica, now.plus(lease), batch);
        for (ErasureRecord record : due) {
            try {
                attempt(record);
            } finally {
                store.release(record, replica);
            }
        }
        return due.size();
    }

    /** Tries every pending part of {@code record} once and records the outcome. */
    private ErasureRecord attempt(ErasureRecord record) {
        List<ErasureRecord.Attempt> attempts = new ArrayList<>();
        for (ErasurePart part : parts) {
            ErasureRecord.Part state = record.parts().get(part.service());
            if (state == null || state.completed()) {
                continue;
            }
            try {
                part.erase(record.tenant(), record.customerId(), record.pseudonym());
                attempts.add(ErasureRecord.Attempt.succeeded(part.service()));
            } catch (ErasurePart.Failed failed) {
                attempts.add(ErasureRecord.Attempt.failed(part.service(), failed.getMessage()));
            }
        }
        if (attempts.isEmpty()) {
            return record;
        }
        ErasureRecord current = record;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ErasureRecord updated = current.after(attempts, clock.instant(), this::backoff);
            if (store.replace(updated, current.revision())) {
                return updated;
            }
            current = store.find(record.tenant(), record.customerId()).orElseThrow();
        }
        throw new FailedPreconditionException("CONCURRENT_ERASE", "the erasure kept changing; retry");
    }

    /** Doubles from the first backoff per attempt, up to the maximum. */
    Duration backoff(int attempts) {
        Duration wait = firstBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
