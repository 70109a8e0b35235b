package io.exceed.followup.client;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.QuietHours;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.playbook.PlaybookEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * What followup-service needs to know about a customer, read from customer-service: the account owner (who
 * gets the follow-up) and the contact window (time zone and quiet hours). Fallback when customer-service
 * cannot answer: none that would guess; the call fails with UNAVAILABLE, so a producer's delivery retries later
 * and a direct caller can retry or pass the values itself.
 */
public final class CustomerProfiles {

    public static final String TARGET = "customer-service";
    private static final String QUIET_HOURS = "event.contact_window.quiet_hours";

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerProfiles(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    /**
     * The event with the account owner and contact window it lacks taken from the customer's profile; as it
     * was if it lacks neither, or if customer-service knows no such customer (the playbooks then say what is
     * missing). Quiet hours the profile holds but that are no time of day are reported as the event's.
     */
    public PlaybookEvent complete(TenantId tenant, PlaybookEvent event, Violations violations) {
        boolean needsOwner = event.accountOwner().isBlank();
        boolean needsWindow = !event.hasContactWindow();
        if (!(needsOwner || needsWindow) || event.customerId().isBlank()) {
            return event;
        }
        Customer customer;
        try {
            customer = TenantCalls.as(tenant, customers)
                    .getCustomer(GetCustomerRequest.newBuilder().setCustomerId(event.customerId()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return event;
            }
            throw Status.UNAVAILABLE.withDescription("the customer's account owner and contact window could not be"
                    + " read from customer-service (" + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription() + "); retry later, or pass event.account_owner and"
                    + " event.contact_window").withCause(e).asRuntimeException();
        }
        PlaybookEvent.Builder completed = event.toBuilder();
        if (needsOwner) {
            completed.accountOwner(customer.getAccountOwner());
        }
        if (needsWindow && !customer.getTimeZone().isBlank()) {
            completed.hasContactWindow(true).timeZone(customer.getTimeZone());
            if (customer.getContactPreferences().hasQuietHours()) {
                QuietHours quiet = customer.getContactPreferences().getQuietHours();
                completed.quietStart(ProtoTimes.localTime(quiet.getStart(), QUIET_HOURS + ".start", violations))
                        .quietEnd(ProtoTimes.localTime(quiet.getEnd(), QUIET_HOURS + ".end", violations));
            }
        }
        return completed.build();
    }
}
