package io.exceed.feedback.domain.outbound;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;

/**
 * Where a customer's e-mails and texts go and in which language: the customer's profile in customer-service, which
 * is also told of an address or number that failed for good.
 */
public interface CustomerProfiles {

    /**
     * The customer's addresses and language; empty when the tenant has no such customer.
     *
     * @throws RuntimeException when customer-service cannot be asked (the message waits and is tried again)
     */
    Optional<Recipient> recipient(TenantId tenant, String customerId);

    /**
     * Marks {@code address} of the customer as one messages on {@code channel} do not reach (an e-mail address for
     * e-mail, a phone number for SMS), so no later message goes there.
     *
     * @throws RuntimeException when customer-service cannot be told now (the next failure tells it again)
     */
    void markUndeliverable(TenantId tenant, String customerId, Channel channel, String address, String reason);

    /**
     * @param emails              the addresses mail still reaches, in the customer's order
     * @param undeliverableEmails the addresses that bounced for good
     * @param language            BCP 47, e.g. "sv" or "zh-Hans"; null when the profile has none
     * @param phones              the phone numbers texts still reach, E.164, in the customer's order
     * @param undeliverablePhones the numbers texts failed for good
     */
    record Recipient(List<String> emails, List<String> undeliverableEmails, String language, List<String> phones,
            List<String> undeliverablePhones) {
    }
}
