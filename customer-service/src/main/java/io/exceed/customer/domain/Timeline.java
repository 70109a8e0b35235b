package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;

/** Each customer's timeline: orders, contract events and notes. */
public class Timeline {

    static final int MAX_TEXT = 4000;
    static final int MAX_REFERENCE = 200;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final Customers customers;
    private final TimelineStore events;
    private final Clock clock;
    private final Supplier<String> ids;

    public Timeline(Customers customers, TimelineStore events, Clock clock, Supplier<String> ids) {
        this.customers = customers;
        this.events = events;
        this.clock = clock;
        this.ids = ids;
    }

    public TimelineEvent record(TenantId tenant, String customerId, TimelineEvent draft, Optional<String> requestId,
            Violations violations) {
        Instant now = clock.instant();
        TimelineEvent.Detail detail = check(draft, now, violations);
        violations.throwIfAny();
        customers.active(tenant, customerId);
        Instant occurred = draft.occurTime() == null ? now : draft.occurTime();
        TimelineEvent event = new TimelineEvent(ids.get(), customerId, occurred, now, detail);
        return events.insert(tenant, event, announced(event), requestId);
    }

    /**
     * What other services hear about a timeline event, recorded with it: orders and contract events (every kind;
     * followup-service's playbooks react to termination notices), not staff notes.
     */
    private static List<CustomerEvent> announced(TimelineEvent event) {
        return switch (event.detail()) {
            case TimelineEvent.OrderPlaced order -> List.of(CustomerEvent.orderPlaced(event.id(),
                    event.customerId(), event.occurTime(), order.value()));
            case TimelineEvent.ContractChange change -> List.of(CustomerEvent.contractEvent(event.id(),
                    event.customerId(), event.occurTime(), change.kind()));
            case TimelineEvent.StaffNote note -> List.of();
        };
    }

    public Page<TimelineEvent> list(TenantId tenant, String customerId, Optional<String> after, int limit) {
        customers.get(tenant, customerId);
        return events.list(tenant, customerId, after, limit);
    }

    private static TimelineEvent.Detail check(TimelineEvent draft, Instant now, Violations violations) {
        violations.require(draft.occurTime() == null || !draft.occurTime().isAfter(now), "event.occur_time",
                "must not be in the future");
        switch (draft.detail()) {
            case null -> violations.add("event.detail", "exactly one of order, contract_event or note is required");
            case TimelineEvent.OrderPlaced order -> {
                String reference = strip(order.orderReference());
                violations.require(!reference.isEmpty() && reference.length() <= MAX_REFERENCE,
                        "event.order.order_reference", "is required, at most " + MAX_REFERENCE + " characters");
                Money value = order.value();
                violations.require(value != null && value.amount().signum() > 0, "event.order.value",
                        "a positive amount is required");
                violations.require(value == null || CURRENCY.matcher(value.currency()).matches(),
                        "event.order.value.currency_code", "must be an ISO 4217 code such as EUR");
                return new TimelineEvent.OrderPlaced(reference, value);
            }
            case TimelineEvent.ContractChange change -> {
                violations.require(change.kind() != null, "event.contract_event.kind", "is required");
                violations.require(strip(change.contractReference()).length() <= MAX_REFERENCE,
                        "event.contract_event.contract_reference", "must be at most " + MAX_REFERENCE + " characters");
                violations.require(strip(change.details()).length() <= MAX_TEXT, "event.contract_event.details",
                        "must be at most " + MAX_TEXT + " characters");
                return new TimelineEvent.ContractChange(change.kind(), strip(change.contractReference()),
                        strip(change.details()));
            }
            case TimelineEvent.StaffNote note -> {
                String text = strip(note.text());
                violations.require(!text.isEmpty() && text.length() <= MAX_TEXT, "event.note.text",
                        "is required, at most " + MAX_TEXT + " characters");
                violations.require(strip(note.author()).length() <= MAX_REFERENCE, "event.note.author",
                        "must be at most " + MAX_REFERENCE + " characters");
                return new TimelineEvent.StaffNote(text, strip(note.author()));
            }
        }
        return null;
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }
}
