package io.exceed.feedback.domain.erasure;

import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;

/**
 * Keeps feedback about customers that do not exist, or no longer may, out of the store. A write naming a customer is
 * refused unless customer-service has the customer, and once the customer is erased; a write that raced the erasure (checked before it, stored after the erasure's pass) is seen
 * by the check after the write and pseudonymised then, under a pseudonym of its own, and refused all the same. The
 * erasure records the customer before its pass, so every write is either found by the pass or seen by that check.
 */
public class ErasedCustomerGuard {

    private final ErasedCustomers erased;
    private final CustomerDirectory directory;
    private final ErasureStore store;

    public ErasedCustomerGuard(ErasedCustomers erased, CustomerDirectory directory, ErasureStore store) {
        this.erased = erased;
        this.directory = directory;
        this.store = store;
    }

    /**
     * To be called before a write naming the customer: refuses it unless the tenant has the customer (customer-service
     * says so) and the customer was not erased.
     *
     * @throws io.exceed.defaults.error.FailedPreconditionException CUSTOMER_ERASED
     * @throws io.exceed.defaults.error.NotFoundException           the tenant has no such customer
     */
    public void requireKnown(TenantId tenant, String customerId) {
        erased.refuseIfErased(tenant, customerId);
        directory.requireKnown(tenant, customerId);
    }

    /**
     * To be called after a write naming the customer: if the customer was erased meanwhile, pseudonymises what the
     * erasure may have missed and refuses the write.
     *
     * @throws io.exceed.defaults.error.FailedPreconditionException CUSTOMER_ERASED
     */
    public void refuseIfErasedMeanwhile(TenantId tenant, String customerId) {
        if (pseudonymiseIfErased(tenant, customerId)) {
            throw ErasedCustomers.refusal(customerId);
        }
    }

    /**
     * To be called after something naming the customer was stored (a write, an event entering the feed): if the
     * customer was erased meanwhile, pseudonymises what the erasure may have missed. True if it did.
     */
    public boolean pseudonymiseIfErased(TenantId tenant, String customerId) {
        if (customerId == null || !erased.contains(tenant, customerId)) {
            return false;
        }
        store.pseudonymise(tenant, customerId, CustomerIds.PSEUDONYM_PREFIX + TimeOrderedIds.next());
        return true;
    }
}
