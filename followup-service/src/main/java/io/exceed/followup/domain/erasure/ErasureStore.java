package io.exceed.followup.domain.erasure;

import java.util.Optional;
import java.util.function.UnaryOperator;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.followup.FollowUp;

/** Where an erased customer's follow-ups, their feed events and their webhook deliveries are scrubbed. */
public interface ErasureStore {

    /**
     * Applies {@code scrub} to every follow-up of the customer, to the follow-up as each of its feed events shows
     * it, and re-renders the bodies of its webhook deliveries from the scrubbed events. A follow-up is rewritten
     * last, under its revision, so an interrupted call is finished by the next one. Returns how many follow-ups
     * were scrubbed.
     */
    long scrub(TenantId tenant, String customerId, UnaryOperator<FollowUp> scrub);

    /** The pseudonym that replaced the customer id of the follow-up, once it was scrubbed. */
    Optional<String> pseudonymOf(TenantId tenant, String followUpId);

    /** Replaces one event, as the feed and the webhook deliveries hold it, by its scrubbed {@code event}. */
    void replaceEvent(TenantId tenant, FollowUpEvent event);
}
