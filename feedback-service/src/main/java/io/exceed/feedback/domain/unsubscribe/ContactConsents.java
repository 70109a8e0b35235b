package io.exceed.feedback.domain.unsubscribe;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

/** The customer's consent, kept by customer-service: a withdrawal is told there, and the contact governor obeys it. */
public interface ContactConsents {

    /**
     * Withdraws the customer's consent to {@code channel}; doing so again changes nothing.
     *
     * @param source    where the withdrawal came from, recorded on the customer's timeline
     * @param requestId recognises a retry of this one withdrawal
     * @throws RuntimeException when customer-service cannot be told now (nothing changed; the customer tries again)
     */
    void withdraw(TenantId tenant, String customerId, Channel channel, String source, String requestId);
}
