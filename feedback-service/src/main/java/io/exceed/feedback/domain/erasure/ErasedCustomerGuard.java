package io.exceed.feedback.domain.erasure;

import io.exceed.defaults.erasure.ErasedCustomers;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;

/**
 * Keeps an erased customer's personal data out of new feedback. A write naming a customer is refused once the
 * customer is erased; a write that raced the erasure (checked before it, stored after the erasure's pass) is seen
 * by the check after the write and pseudonymised then, under a pseudonym of its own, and refused all the same. The
 * erasure records the customer before its pass, so every write is either found by the pass or seen by that check.
 */
public class ErasedCustomerGuard {

    private final ErasedCustomers erased;
    private final ErasureStore store;

    public ErasedCustomerGuard(ErasedCustomers erased, ErasureStore store) {
        this.erased = erased;
        this.store = store;
    }

    /** @throws io.exceed.defaults.error.FailedPreconditionException CUSTOMER_ERASED */
    public void refuseIfErased(TenantId tenant, String customerId) {
        erased.refuseIfErased(tenant, customerId);
    }

    /**
     * To be called after a write naming the customer: if the customer was erased meanwhile, pseudonymises what the
     * erasure may have missed and refuses the write.
     *
     * @throws io.exceed.defaults.error.FailedPreconditionException CUSTOMER_ERASED
     */
    public void refuseIfErasedMeanwhile(TenantId tenant, String customerId) {
        if (erased.contains(tenant, customerId)) {
            store.pseudonymise(tenant, customerId, CustomerIds.PSEUDONYM_PREFIX + TimeOrderedIds.next());
            throw ErasedCustomers.refusal(customerId);
        }
    }
}
