package io.exceed.customer.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.InvalidArgumentException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;

/**
 * What the services that contact customers report back: a customer withdrew consent to a channel, or an address
 * or phone number failed for good. Both change the customer with the version compare-and-set an update uses, so a
 * concurrent UpdateCustomer is never lost, and both are idempotent: what is done already changes nothing.
 */
public class Reachability {

    static final int MAX_SOURCE = 200;
    static final int MAX_REASON = 500;
    private static final int MAX_ATTEMPTS = 10;

    private final Customers customers;
    private final CustomerStore store;
    private final TimelineStore timeline;
    private final Clock clock;
    private final Supplier<String> ids;

    public Reachability(Customers customers, CustomerStore store, TimelineStore timeline, Clock clock,
            Supplier<String> ids) {
        this.customers = customers;
        this.store = store;
        this.timeline = timeline;
        this.clock = clock;
        this.ids = ids;
    }

    public Customer withdrawConsent(TenantId tenant, WithdrawConsent command, Violations violations) {
        violations.require(command.channel() != null, "channel", "is required and must be a known channel");
        String source = strip(command.source());
        violations.require(!source.isEmpty() && source.length() <= MAX_SOURCE, "source",
                "is required, at most " + MAX_SOURCE + " characters");
        violations.throwIfAny();
        Channel channel = command.channel();
        Change change = change(tenant, command.customerId(), command.requestId(), (current, now) -> {
            ContactPreferences consent = current.profile().contactPreferences();
            if (!consent.allowedChannels().contains(channel)) {
                return Optional.empty();
            }
            List<Channel> allowed = consent.allowedChannels().stream().filter(c -> c != channel).toList();
            return Optional.of(current.withProfile(current.profile().toBuilder()
                    .contactPreferences(new ContactPreferences(allowed, consent.quietHours(), consent.budget()))
                    .build(), now));
        });
        if (change.applied()) {
            // Consent records say when and where it was withdrawn. A note, not part of the customer's write: should
            // the service stop in between, the withdrawal stands without its note.
            timeline.insert(tenant, new TimelineEvent(ids.get(), command.customerId(), change.customer().updateTime(),
                    change.customer().updateTime(), new TimelineEvent.StaffNote(
                            "Consent to contact by " + channel + " withdrawn (" + source + ").", source)),
                    List.of(), Optional.empty());
        }
        return change.customer();
    }

    /**
     * Marks one of the customer's e-mail addresses ({@link Channel#EMAIL}) or phone numbers ({@link Channel#SMS})
     * undeliverable. A number is matched in its E.164 form, as the profile keeps it.
     */
    public Customer markUndeliverable(TenantId tenant, MarkUndeliverable command, Violations violations) {
        boolean phone = command.channel() == Channel.SMS;
        String field = phone ? "phone" : "email_address";
        String address = strip(command.address());
        violations.require(!address.isEmpty(), field, "is required");
        if (phone && !address.isEmpty()) {
            address = ProfileRules.toE164(address);
            violations.require(address != null, field,
                    "is not a valid international phone number (start with + and the country code)");
        }
        String reason = strip(command.reason());
        violations.require(reason.length() <= MAX_REASON, "reason", "must be at most " + MAX_REASON + " characters");
        violations.throwIfAny();
        String wanted = address;
        return change(tenant, command.customerId(), command.requestId(), (current, now) -> {
            String listed = current.listedAddress(command.channel(), wanted);
            if (listed == null) {
                throw InvalidArgumentException.of(field,
                        "is not one of the customer's " + (phone ? "phones" : "emails"));
            }
            return current.isUndeliverable(command.channel(), listed) ? Optional.empty()
                    : Optional.of(current.withUndeliverable(command.channel(),
                            new UndeliverableAddress(listed, reason, now), now));
        }).customer();
    }

    /** The customer after a change, and whether this call made it. */
    private record Change(Customer customer, boolean applied) {
    }

    /**
     * Applies {@code change} to the active customer, read again and retried while another write gets in between; an
     * empty change means nothing is left to do. A request id applied already returns the customer as it is.
     */
    private Change change(TenantId tenant, String id, Optional<String> requestId,
            BiFunction<Customer, Instant, Optional<Customer>> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Customer current = customers.active(tenant, id);
            if (requestId.isPresent() && store.hasApplied(tenant, id, requestId.get())) {
                return new Change(current, false);
            }
            Optional<Customer> changed = change.apply(current, clock.instant());
            if (changed.isEmpty()) {
                return new Change(current, false);
            }
            if (store.replace(tenant, changed.get(), current.version(), requestId)) {
                return new Change(changed.get(), true);
            }
        }
        throw new FailedPreconditionException("CONCURRENT_CHANGE", "the customer kept changing; retry");
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }
}
