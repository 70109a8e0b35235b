package io.exceed.feedback.domain.outbound;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** Where a customer's e-mails go and in which language: the customer's profile in customer-service. */
public interface CustomerProfiles {

    /**
     * The customer's addresses and language; empty when the tenant has no such customer.
     *
     * @throws RuntimeException when customer-service cannot be asked (the message waits and is tried again)
     */
    Optional<Recipient> recipient(TenantId tenant, String customerId);

    /** @param language BCP 47, e.g. "sv" or "zh-Hans"; null when the profile has none */
    record Recipient(List<String> emails, String language) {
    }
}
