package io.exceed.followup.domain.erasure;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.CancelFollowUp;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpChange;
import io.exceed.followup.domain.followup.FollowUpFilter;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.followup.Outcome;

/**
 * Erasure of one customer's follow-ups, asked for by customer-service: open ones are cancelled (nobody may contact
 * an erased customer), then every one is scrubbed. What stays is what the figures need: reason, owner, channel,
 * priority, statuses and every time (due, promised, SLA, first contact, close), so the promise ledger and SLA
 * adherence are the same afterwards. What goes: the customer id (replaced by the pseudonym), the contact window
 * (the customer's time zone), the outcome's notes and goodwill gesture, and the wording of every change.
 * <p>
 * The customer is recorded as erased before anything is scrubbed, so new follow-ups are refused from then on and
 * an event built from a follow-up read before the scrub is scrubbed too ({@link ErasureAwareEventSink}).
 */
public class CustomerErasure {

    /** The actor of the cancellations, in the history that stays. */
    public static final String ACTOR = "erasure";
    public static final String CANCEL_REASON = "customer erased";
    public static final String PSEUDONYM_PREFIX = "erased-";
    /** What replaces the wording of each change and any free text of an outcome. */
    public static final String ERASED_TEXT = "[erased]";
    private static final int MAX_ID = 128;
    private static final int PAGE = 200;

    private final FollowUps followUps;
    private final ErasureStore store;
    private final ErasedCustomers erased;

    public CustomerErasure(FollowUps followUps, ErasureStore store, ErasedCustomers erased) {
        this.followUps = followUps;
        this.store = store;
        this.erased = erased;
    }

    /** How many follow-ups one call cancelled and scrubbed. */
    public record Erased(long cancelled, long scrubbed) {
    }

    public Erased erase(TenantId tenant, String customerId, String pseudonym) {
        Violations violations = new Violations();
        violations.require(!customerId.isBlank(), "customer_id", "is required");
        violations.require(customerId.length() <= MAX_ID, "customer_id", "must be at most " + MAX_ID + " characters");
        violations.require(!customerId.startsWith(PSEUDONYM_PREFIX), "customer_id", "is already a pseudonym");
        violations.require(pseudonym.startsWith(PSEUDONYM_PREFIX) && pseudonym.length() > PSEUDONYM_PREFIX.length(),
                "pseudonym", "must start with '" + PSEUDONYM_PREFIX + "' followed by an id");
        violations.require(pseudonym.length() <= MAX_ID, "pseudonym", "must be at most " + MAX_ID + " characters");
        violations.throwIfAny();
        // Recorded first: whatever is written for the customer from now on is refused, or seen and scrubbed.
        erased.add(tenant, customerId);
        long cancelled = cancelOpen(tenant, customerId);
        long scrubbed = store.scrub(tenant, customerId, followUp -> scrubbed(followUp, pseudonym));
        return new Erased(cancelled, scrubbed);
    }

    private long cancelOpen(TenantId tenant, String customerId) {
        long cancelled = 0;
        Optional<String> after = Optional.empty();
        FollowUpFilter filter = new FollowUpFilter(customerId, null, null, null, null);
        do {
            Page<FollowUp> page = followUps.list(tenant, filter, after, PAGE);
            for (FollowUp followUp : page.items()) {
                if (followUp.status().isOpen()) {
                    try {
                        followUps.cancel(tenant, new CancelFollowUp(followUp.id(), CANCEL_REASON, ACTOR,
                                OptionalLong.empty(), Optional.empty()), new Violations());
                        cancelled++;
                    } catch (FailedPreconditionException | NotFoundException closedMeanwhile) {
                        // Someone closed it first; it is scrubbed all the same.
                    }
                }
            }
            after = page.nextPosition();
        } while (after.isPresent());
        return cancelled;
    }

    /** The follow-up without the customer's personal data; the next revision, so a racing change re-reads it. */
    static FollowUp scrubbed(FollowUp f, String pseudonym) {
        Outcome outcome = f.outcome() == null ? null : new Outcome(erased(f.outcome().notes()),
                f.outcome().trustRestored(), erased(f.outcome().goodwillGesture()), f.outcome().customerSatisfied());
        List<FollowUpChange> history = f.history().stream()
                .map(change -> ACTOR.equals(change.actor()) ? change : new FollowUpChange(change.time(),
                        change.actor(), change.from(), change.to(), ERASED_TEXT))
                .toList();
        return f.toBuilder()
                .customerId(pseudonym)
                .contactWindow(null)
                .outcome(outcome)
                .history(history)
                .revision(f.revision() + 1)
                .build();
    }

    /** Keeps whether there was any text (a gesture was given, notes were taken), never the text itself. */
    private static String erased(String text) {
        return text == null || text.isEmpty() ? text : ERASED_TEXT;
    }
}
