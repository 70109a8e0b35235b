package io.exceed.feedback.domain.erasure;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;

/**
 * Erasure of one customer's feedback, asked for by customer-service. The numbers stay (scores, gaps, segment,
 * category, severity, times, the root cause and prevention action, which describe the tenant's process, not the
 * customer), so every aggregate is the same afterwards; what identifies or quotes the customer goes: the customer
 * id becomes a pseudonym shared by all the customer's records, and free text, order references and remedy
 * descriptions are removed; pending invitations are revoked (their links no longer open).
 */
public class CustomerErasure {

    private static final int MAX_ID = 128;

    private final ErasureStore store;
    private final ErasedCustomers erased;

    public CustomerErasure(ErasureStore store, ErasedCustomers erased) {
        this.store = store;
        this.erased = erased;
    }

    public ErasureStore.Pseudonymised pseudonymise(TenantId tenant, String customerId, String pseudonym) {
        Violations violations = new Violations();
        violations.require(!customerId.isBlank(), "customer_id", "is required");
        violations.require(customerId.length() <= MAX_ID, "customer_id", "must be at most " + MAX_ID + " characters");
        violations.require(pseudonym.startsWith(CustomerIds.PSEUDONYM_PREFIX) && pseudonym.length() > CustomerIds.PSEUDONYM_PREFIX.length(),
                "pseudonym", "must start with '" + CustomerIds.PSEUDONYM_PREFIX + "' followed by an id");
        violations.require(pseudonym.length() <= MAX_ID, "pseudonym", "must be at most " + MAX_ID + " characters");
        violations.require(!customerId.startsWith(CustomerIds.PSEUDONYM_PREFIX), "customer_id",
                "is already a pseudonym");
        violations.throwIfAny();
        // Recorded first: from now on new feedback naming the customer is refused, or seen and pseudonymised.
        erased.add(tenant, customerId);
        return store.pseudonymise(tenant, customerId, pseudonym);
    }
}
