package io.exceed.defaults.customers;

import io.exceed.defaults.tenancy.TenantId;

/**
 * customer-service's word on whether data may be stored about a customer: the tenant has them and they were not
 * erased. Asked before a service stores a record naming a customer, so nothing is kept for a customer that does not
 * exist (a made-up id, another tenant's).
 */
public interface CustomerDirectory {

    /** Where the check is switched off (a service run alone, without customer-service): every customer passes. */
    CustomerDirectory UNCHECKED = (tenant, customerId) -> {
    };

    /**
     * @throws io.exceed.defaults.error.NotFoundException           the tenant has no such customer
     * @throws io.exceed.defaults.error.FailedPreconditionException CUSTOMER_ERASED
     * @throws io.grpc.StatusRuntimeException                        UNAVAILABLE when customer-service cannot say;
     *                                                               nothing is stored unchecked
     */
    void requireKnown(TenantId tenant, String customerId);
}
