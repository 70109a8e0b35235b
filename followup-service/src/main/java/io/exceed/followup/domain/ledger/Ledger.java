package io.exceed.followup.domain.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpStore;

/** A tenant's promise ledger: checks the query, reads the follow-ups promised in its window and computes. */
public class Ledger {

    static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** As long as an owner may be. */
    private static final int MAX_OWNER = 256;

    private final FollowUpStore store;
    private final PromiseLedger calculator;
    private final Clock clock;

    public Ledger(FollowUpStore store, PromiseLedger calculator, Clock clock) {
        this.store = store;
        this.calculator = calculator;
        this.clock = clock;
    }

    public LedgerReport compute(TenantId tenant, LedgerQuery query, Violations violations) {
        checkWindow(query.start(), query.end(), violations);
        violations.require(query.owner() == null || query.owner().length() <= MAX_OWNER, "owner",
                "must be at most " + MAX_OWNER + " characters");
        violations.require(query.grouping() != null, "group_by", "is not a known grouping");
        violations.throwIfAny();
        Instant now = clock.instant();
        try (Stream<FollowUp> promised = store.promisedBetween(tenant, query.start(), query.end(), query.owner(),
                query.reason())) {
            return calculator.compute(promised::iterator, query.grouping(), now);
        }
    }

    private static void checkWindow(Instant start, Instant end, Violations violations) {
        violations.require(start != null, "start_time", "is required");
        violations.require(end != null, "end_time", "is required");
        if (start != null && end != null) {
            violations.require(end.isAfter(start), "end_time", "must be after start_time");
            violations.require(!end.isAfter(start.plus(MAX_WINDOW)), "end_time",
                    "must be at most " + MAX_WINDOW.toDays() + " days after start_time");
        }
    }
}
