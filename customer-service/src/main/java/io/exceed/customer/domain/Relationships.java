package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.defaults.error.VersionConflictException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Keeps each customer's relationship state in step with their feedback: feedback-service sends a summary after
 * every response and complaint change (at least once, so possibly twice or late), and the state is derived again
 * by {@link RelationshipRules}. A summary not newer than the one applied changes nothing. A change of state is
 * announced (RELATIONSHIP_CHANGED) in the same write, so followup-service's playbooks hear of each change once.
 */
public class Relationships {

    private static final int MAX_ATTEMPTS = 10;
    private static final int MAX_EVENT_ID = 100;
    /** Summaries are ordered to the nanosecond, which a long holds until 2262. */
    private static final Instant LATEST_AS_OF = Instant.parse("2200-01-01T00:00:00Z");

    private final Customers customers;
    private final CustomerStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    /** @param ids the ids of changes of state */
    public Relationships(Customers customers, CustomerStore store, Clock clock, Supplier<String> ids) {
        this.customers = customers;
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /** The customer after the call, and whether this summary was the one applied. */
    public record Outcome(Customer customer, boolean applied) {
    }

    public Outcome applyFeedbackSummary(TenantId tenant, ApplyFeedbackSummary command, Violations violations) {
        String customerId = command.customerId();
        String eventId = command.eventId();
        Instant asOf = command.asOf();
        FeedbackSummary summary = command.summary();
        violations.require(customerId != null && !customerId.isBlank(), "customer_id", "is required");
        violations.require(eventId != null && !eventId.isBlank() && eventId.length() <= MAX_EVENT_ID, "event_id",
                "is required: 1 to " + MAX_EVENT_ID + " characters");
        violations.require(asOf != null && asOf.isAfter(Instant.EPOCH) && asOf.isBefore(LATEST_AS_OF), "as_of_time",
                "is required: after 1970 and before " + LATEST_AS_OF);
        violations.require(summary != null, "summary", "is required");
        if (summary != null) {
            FeedbackSummary.check(summary, "summary.", violations);
        }
        violations.throwIfAny();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Customer current = customers.active(tenant, customerId);
            RelationshipState derived = RelationshipRules.derive(summary, current.profile().value());
            Instant now = clock.instant();
            Customer changed = derived == current.relationship() ? current : current.withRelationship(derived, now);
            List<CustomerEvent> announced = changed == current ? List.of()
                    : List.of(CustomerEvent.relationshipChanged(ids.get(), customerId, current.relationship(), derived,
                            now));
            switch (store.applyRelationship(tenant, current, derived, asOf, now, announced)) {
                case APPLIED -> {
                    return new Outcome(changed, true);
                }
                case STALE -> {
                    return new Outcome(current, false);
                }
                case CHANGED -> {
                }
            }
        }
        Customer latest = customers.get(tenant, customerId);
        throw new VersionConflictException(latest.version() - 1, latest.version());
    }
}
