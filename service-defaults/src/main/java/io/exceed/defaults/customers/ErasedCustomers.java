package io.exceed.defaults.customers;

import io.exceed.defaults.error.DomainException;
import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.GrpcErrorMapper;
import io.exceed.defaults.tenancy.TenantId;
import io.grpc.StatusRuntimeException;

/**
 * The customers this service has been told were erased. Erasure is a state, not a sweep: a service records the
 * customer here before it scrubs, refuses new personal data for a recorded customer, and checks again after each
 * write that names a customer, so a write racing the scrub is either scrubbed by it or seen here and undone.
 */
public interface ErasedCustomers {

    /** The reason of every refusal, as customer-service gives it for its own tombstones. */
    String REASON = "CUSTOMER_ERASED";

    /** Records the erasure; recording it again changes nothing. */
    void add(TenantId tenant, String customerId);

    boolean contains(TenantId tenant, String customerId);

    /** @throws FailedPreconditionException CUSTOMER_ERASED if the customer was erased */
    default void refuseIfErased(TenantId tenant, String customerId) {
        if (contains(tenant, customerId)) {
            throw refusal(customerId);
        }
    }

    /**
     * Whether a service refused a call because the customer was erased: for a consumer of events, the event is moot
     * (and its refusal must not be kept, since its text names the customer).
     */
    static boolean isRefusal(StatusRuntimeException refusal) {
        return GrpcErrorMapper.reason(refusal).filter(REASON::equals).isPresent();
    }

    /** Whether a domain refusal is that the customer was erased. */
    static boolean isRefusal(DomainException refusal) {
        return REASON.equals(refusal.reason());
    }

    static FailedPreconditionException refusal(String customerId) {
        return new FailedPreconditionException(REASON,
                "customer '" + customerId + "' was erased; nothing new is kept about them");
    }
}
