package io.exceed.feedback.client;

import java.util.List;
import java.util.Optional;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.MarkEmailUndeliverableRequest;
import io.exceed.customer.v1.UndeliverableEmail;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.outbound.CustomerProfiles;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The customer's e-mail addresses, phone numbers (E.164, as customer-service stores them) and language from
 * customer-service ({@code GetCustomer}, through
 * {@link ServiceClients}: deadline, breaker, retries of this read), without those that bounced for good; and a new
 * bounce reported back ({@code MarkEmailUndeliverable}). Fallback when customer-service cannot answer: the exception,
 * and the message waits and is tried again; nothing is sent to a guessed address.
 */
public final class CustomerServiceProfiles implements CustomerProfiles {

    /** customer-service keeps a bounce's reason up to this length. */
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
        return Optional.of(new Recipient(customer.getEmailsList().stream()
                .filter(email -> undeliverable.stream().noneMatch(email::equalsIgnoreCase)).toList(),
                undeliverable, customer.getLanguage().isEmpty() ? null : customer.getLanguage(),
                customer.getPhonesList()));
    }

    @Override
    public void markUndeliverable(TenantId tenant, String customerId, String address, String reason) {
        TenantCalls.as(tenant, customers).markEmailUndeliverable(MarkEmailUndeliverableRequest.newBuilder()
                .setCustomerId(customerId).setEmailAddress(address)
                .setReason(reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON)).build());
    }
}
