package io.exceed.customer.domain;

import io.exceed.defaults.tenancy.TenantId;

/** Another service's part of erasing a customer: it removes what it holds about the customer. */
public interface ErasurePart {

    /** The service's name, as erasure reports show it, e.g. "feedback-service". */
    String service();

    /**
     * Erases the customer in the service, replacing its id by {@code pseudonym}. Safe to repeat.
     *
     * @throws Failed if the service could not do it now (down, too slow, refused)
     */
    void erase(TenantId tenant, String customerId, String pseudonym);

    /** The service did not complete its part; the message says why, for the erasure report. */
    final class Failed extends RuntimeException {

        public Failed(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
