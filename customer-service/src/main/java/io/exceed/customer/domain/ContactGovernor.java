package io.exceed.customer.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/**
 * The contact-fatigue rules, in order: consent (never bypassed), for e-mail and texts an address or number they
 * still reach, quiet hours in the customer's time zone, then the contact budget over a rolling period, which
 * recovery purposes may exceed.
 */
public final class ContactGovernor {

    private final ContactPolicy policy;

    public ContactGovernor(ContactPolicy policy) {
        this.policy = policy;
    }

    /**
     * Decides a request given the grants already made to the customer. A grant carries the ids passed
     * in; the caller stores it.
     */
    public ContactDecision decide(Customer customer, List<ContactGrant> earlierGrants, ContactRequest request,
            Instant now, String reservationId, String requestId) {
        ContactPreferences preferences = customer.profile().contactPreferences();
        if (!preferences.allowedChannels().contains(request.channel())) {
            return ContactDecision.noConsent(preferences.allowedChannels());
        }
        if (customer.isUndeliverable(request.channel())) {
            return ContactDecision.undeliverable(preferences.allowedChannels().stream()
                    .filter(channel -> channel != request.channel()).toList());
        }
        QuietHours quiet = preferences.quietHours() != null ? preferences.quietHours() : policy.defaultQuietHours();
        Instant quietEnd = quiet.endAfter(now, ZoneId.of(customer.profile().timeZone()));
        if (quietEnd.isAfter(now)) {
            return ContactDecision.denied(ContactDecision.DenialReason.QUIET_HOURS, quietEnd);
        }
        ContactBudget budget = preferences.budget() != null ? preferences.budget() : policy.defaultBudget();
        List<Instant> counted = earlierGrants.stream()
                .map(ContactGrant::grantTime)
                .filter(time -> time.isAfter(now.minus(budget.period())))
                .sorted(Comparator.naturalOrder())
                .toList();
        boolean exhausted = counted.size() >= budget.maxContacts();
        if (exhausted && !request.purpose().isRecovery()) {
            Instant slotFrees = counted.get(counted.size() - budget.maxContacts()).plus(budget.period());
            return ContactDecision.denied(ContactDecision.DenialReason.BUDGET_EXHAUSTED, slotFrees);
        }
        String basis = "channel " + request.channel() + " allowed by customer version " + customer.version()
                + (exhausted ? "; budget of " + budget.maxContacts() + " exceeded for recovery" : "");
        return ContactDecision.granted(new ContactGrant(reservationId, requestId, customer.id(), request.channel(),
                request.purpose(), request.actor(), basis, now));
    }
}
