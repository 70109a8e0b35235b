package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Announces expectations that went stale: every active customer whose latest snapshot is older than the stale
 * age gets one EXPECTATIONS_STALE event for that snapshot (followup-service's playbooks then ask again). A
 * customer who never stated expectations is not announced: there is nothing to refresh yet.
 */
public class StaleExpectations {

    /** A customer whose latest expectations are stale and not yet announced, as read. */
    public record Candidate(TenantId tenant, String customerId, long version, Instant latestExpectationTime) {
    }

    private final CustomerStore customers;
    private final ExpectationStore snapshots;
    private final Clock clock;
    private final Duration staleAge;
    private final int batch;

    /** @param batch customers read per page */
    public StaleExpectations(CustomerStore customers, ExpectationStore snapshots, Clock clock, Duration staleAge,
            int batch) {
        this.customers = customers;
        this.snapshots = snapshots;
        this.clock = clock;
        this.staleAge = staleAge;
        this.batch = batch;
    }

    /**
     * Records the event of each stale snapshot not announced yet, in the customer's own document; returns how
     * many. A customer that changed while this ran is left to the next run.
     */
    public int announce() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(staleAge);
        int announced = 0;
        Optional<String> after = Optional.empty();
        while (true) {
            List<Candidate> page = customers.unannouncedStaleExpectations(cutoff, after, batch);
            for (Candidate candidate : page) {
                Optional<ExpectationSnapshot> latest = snapshots.latest(candidate.tenant(), candidate.customerId());
                if (latest.isPresent() && customers.announceStaleExpectations(candidate.tenant(),
                        candidate.customerId(), candidate.version(),
                        CustomerEvent.expectationsStale(candidate.customerId(), latest.get().id(), now))) {
                    announced++;
                }
            }
            if (page.size() < batch) {
                return announced;
            }
            after = Optional.of(page.getLast().customerId());
        }
    }
}
