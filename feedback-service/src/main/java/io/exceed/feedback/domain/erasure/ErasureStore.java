package io.exceed.feedback.domain.erasure;

import io.exceed.defaults.tenancy.TenantId;

/** Where a customer's feedback is pseudonymised, collection by collection. */
public interface ErasureStore {

    /**
     * Replaces the customer id by {@code pseudonym} and removes personal text from every response, invitation,
     * complaint, recovery survey and feed event of the customer, and deletes their unsubscribe links. Documents already
     * pseudonymised are not matched again.
     */
    Pseudonymised pseudonymise(TenantId tenant, String customerId, String pseudonym);

    /** How many documents one call changed. */
    record Pseudonymised(long responses, long invitations, long complaints, long events,
            long recoverySurveys) {
    }
}
