package io.exceed.feedback.client;

import java.util.List;
import java.util.Optional;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.MarkEmailUndeliverableRequest;
import io.exceed.customer.v1.MarkPhoneUndeliverableRequest;
import io.exceed.customer.v1.UndeliverableEmail;
import io.exceed.customer.v1.UndeliverablePhone;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.outbound.CustomerProfiles;
import io.exceed.feedback.domain.response.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The customer's e-mail addresses, phone numbers (E.164, as customer-service stores them) and language from
 * customer-service ({@code GetCustomer}, through
 * {@link ServiceClients}: deadline, breaker, retries of this read), without those that failed for good; and a new
 * such failure reported back ({@code MarkEmailUndeliverable}, {@code MarkPhoneUndeliverable}). Fallback when customer-service cannot answer: the exception,
 * and the message waits and is tried again; nothing is sent to a guessed address.
 */
public final class CustomerServiceProfiles implements CustomerProfiles {

    /** customer-service keeps a failure's reason up to this length. */
    private static final int MAX_REASON = 500;

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerServiceProfiles(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(CustomerContactGovernor.TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public Optional<Recipient> recipient(TenantId tenant, String customerId) {
        Customer customer;
        try {
            customer = TenantCalls.as(tenant, customers).getCustomer(GetCustomerRequest.newBuilder()
                    .setCustomerId(customerId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        List<String> undeliverable = customer.getUndeliverableEmailsList().stream()
                .map(UndeliverableEmail::getAddress).toList();
        // Numbers and their marks are both E.164 as customer-service stores them.
        List<String> undeliverablePhones = customer.getUndeliverablePhonesList().stream()
                .map(UndeliverablePhone::getPhone).toList();
        return Optional.of(new Recipient(customer.getEmailsList().stream()
                .filter(email -> undeliverable.stream().noneMatch(email::equalsIgnoreCase)).toList(),
                undeliverable, customer.getLanguage().isEmpty() ? null : customer.getLanguage(),
                customer.getPhonesList().stream().filter(phone -> !undeliverablePhones.contains(phone)).toList(),
                undeliverablePhones));
    }

    @Override
    public void markUndeliverable(TenantId tenant, String customerId, Channel channel, String address,
            String reason) {
        String kept = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
        if (channel == Channel.SMS) {
            TenantCalls.as(tenant, customers).markPhoneUndeliverable(MarkPhoneUndeliverableRequest.newBuilder()
                    .setCustomerId(customerId).setPhone(address).setReason(kept).build());
        } else {
            TenantCalls.as(tenant, customers).markEmailUndeliverable(MarkEmailUndeliverableRequest.newBuilder()
                    .setCustomerId(customerId).setEmailAddress(address).setReason(kept).build());
        }
    }
}
