package io.exceed.customer;

import java.util.ArrayList;
import java.util.List;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactLogEntry;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ListContactLogEntriesRequest;
import io.exceed.customer.v1.ListContactLogEntriesResponse;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.ListCustomersResponse;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;

/**
 * Convenience calls shared by the test classes. It adds no configuration, so every subclass shares
 * the one Spring context of {@link CustomerServiceTestBase}.
 */
public abstract class CustomerTestSupport extends CustomerServiceTestBase {

    protected Customer create(String tenant, Customer.Builder customer) {
        return as(tenant).createCustomer(CreateCustomerRequest.newBuilder().setCustomer(customer).build());
    }

    protected Customer create(String tenant, String displayName) {
        return create(tenant, Fixtures.person(displayName));
    }

    protected Customer get(String tenant, String customerId) {
        return as(tenant).getCustomer(GetCustomerRequest.newBuilder().setCustomerId(customerId).build());
    }

    /** Every customer ListCustomers returns for {@code filter}, following the page tokens. */
    protected List<Customer> listAll(String tenant, ListCustomersRequest filter) {
        List<Customer> all = new ArrayList<>();
        String token = filter.getPageToken();
        int pages = 0;
        do {
            ListCustomersResponse page = as(tenant).listCustomers(filter.toBuilder().setPageToken(token).build());
            all.addAll(page.getCustomersList());
            token = page.getNextPageToken();
            if (++pages > 1000) {
                throw new AssertionError("paging does not end");
            }
        } while (!token.isEmpty());
        return all;
    }

    protected List<Customer> listAll(String tenant) {
        return listAll(tenant, ListCustomersRequest.getDefaultInstance());
    }

    protected List<String> listIds(String tenant) {
        return listAll(tenant).stream().map(Customer::getId).toList();
    }

    protected ReserveContactResponse reserve(String tenant, String customerId, ContactChannel channel,
            ContactPurpose purpose) {
        return as(tenant).reserveContact(ReserveContactRequest.newBuilder()
                .setCustomerId(customerId)
                .setChannel(channel)
                .setPurpose(purpose)
                .setActor("survey-scheduler")
                .build());
    }

    protected ReserveContactResponse reserveEmailSurvey(String tenant, String customerId) {
        return reserve(tenant, customerId, ContactChannel.CONTACT_CHANNEL_EMAIL,
                ContactPurpose.CONTACT_PURPOSE_RELATIONSHIP_SURVEY);
    }

    /** The tenant's whole contact log (optionally for one customer), following the page tokens. */
    protected List<ContactLogEntry> contactLog(String tenant, String customerId) {
        List<ContactLogEntry> all = new ArrayList<>();
        String token = "";
        do {
            ListContactLogEntriesResponse page = as(tenant).listContactLogEntries(ListContactLogEntriesRequest
                    .newBuilder().setCustomerId(customerId).setPageToken(token).build());
            all.addAll(page.getEntriesList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return all;
    }

    protected List<ContactLogEntry> contactLog(String tenant) {
        return contactLog(tenant, "");
    }
}
