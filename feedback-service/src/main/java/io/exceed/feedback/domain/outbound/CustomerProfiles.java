package io.exceed.feedback.domain.outbound;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Where a customer's e-mails and texts go and in which language: the customer's profile in customer-service, which
 * is also told of an address that bounced for good.
 */
public interface CustomerProfiles {

    /**
     * The customer's addresses and language; empty when the tenant has no such customer.
     *
     * @throws RuntimeException when customer-service cannot be asked (the message waits and is tried again)
     */
    Optional<Recipient> recipient(TenantId tenant, String customerId);

    /**
     * Marks {@code address} of the customer as one mail does not reach, so no later message goes there.
     *
     * @throws RuntimeException when customer-service cannot be told now (the next bounce tells it again)
     */
    void markUndeliverable(TenantId tenant, String customerId, String address, String reason);

    /**
     * @param emails              the addresses mail still reaches, in the customer's order
     * @param undeliverableEmails the addresses that bounced for good
     * @param language            BCP 47, e.g. "sv" or "zh-Hans"; null when the profile has none
     * @param phones              the phone numbers, E.164, in the customer's order
     */
    record Recipient(List<String> emails, List<String> undeliverableEmails, String language, List<String> phones) {
    }
}
