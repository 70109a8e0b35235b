package io.exceed.followup.domain.erasure;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;

/**
 * Hands the scheduler's events on to the feed and the webhooks, never with an erased customer's personal data. The
 * scheduler builds an event from the follow-up as it read it, perhaps before the customer's erasure scrubbed it:
 * such an event is scrubbed before it is handed on, and one handed on while the erasure ran is scrubbed where it
 * landed as soon as the erasure is seen. The erasure records the customer before it scrubs anything, so an event
 * either exists when the scrub looks for it or is appended after the record and caught by the second check.
 */
public class ErasureAwareEventSink implements FollowUpEventSink {

    private final FollowUpEventSink sinks;
    private final ErasedCustomers erased;
    private final ErasureStore store;

    public ErasureAwareEventSink(FollowUpEventSink sinks, ErasedCustomers erased, ErasureStore store) {
        this.sinks = sinks;
        this.erased = erased;
        this.store = store;
    }

    @Override
    public void accept(TenantId tenant, FollowUpEvent event) {
        String customerId = event.followUp().customerId();
        if (erased.contains(tenant, customerId)) {
            sinks.accept(tenant, scrubbed(tenant, event));
            return;
        }
        sinks.accept(tenant, event);
        if (erased.contains(tenant, customerId)) {
            store.replaceEvent(tenant, scrubbed(tenant, event));
        }
    }

    /**
     * The event under the pseudonym its follow-up already has; under a new one if the erasure has not reached the
     * follow-up yet, which the erasure then replaces with its own when it scrubs the follow-up's events.
     */
    private FollowUpEvent scrubbed(TenantId tenant, FollowUpEvent event) {
        String pseudonym = store.pseudonymOf(tenant, event.followUp().id())
                .orElseGet(() -> CustomerErasure.PSEUDONYM_PREFIX + TimeOrderedIds.next());
        return new FollowUpEvent(event.id(), event.type(), CustomerErasure.scrubbed(event.followUp(), pseudonym),
                event.escalationTarget(), event.occurTime());
    }
}
