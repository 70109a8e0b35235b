package io.exceed.customer.application;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Service;

import io.exceed.customer.client.CustomerViewSections;
import io.exceed.customer.client.ViewSection;
import io.exceed.customer.domain.ContactLogEntry;
import io.exceed.customer.domain.Contacts;
import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.ExpectationSnapshot;
import io.exceed.customer.domain.Expectations;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.v1.CustomerFeedbackSummary;
import io.exceed.followup.v1.FollowUp;

/**
 * The 360 view of one customer: the profile, expectations and contacts this service holds, and the sections other
 * services own. A section another service cannot give is unavailable with its reason; the view is never refused
 * for it.
 */
@Service
public class CustomerViews {

    private final Customers customers;
    private final Expectations expectations;
    private final Contacts contacts;
    private final CustomerViewSections remoteSections;

    public CustomerViews(Customers customers, Expectations expectations, Contacts contacts,
            CustomerViewSections remoteSections) {
        this.customers = customers;
        this.expectations = expectations;
        this.contacts = contacts;
        this.remoteSections = remoteSections;
    }

    /** @param latestExpectations empty when the customer has not stated expectations yet */
    public record View(Customer customer, Optional<ExpectationSnapshot> latestExpectations,
            List<ContactLogEntry> lastContacts, ViewSection<CustomerFeedbackSummary> feedbackSummary,
            ViewSection<List<FollowUp>> openFollowUps) {
    }

    /** The view, or NOT_FOUND for a customer the tenant does not have (then no other service is asked). */
    public View view(TenantId tenant, String customerId, int contactLimit) {
        Customer customer = customers.get(tenant, customerId);
        // Both remote sections are asked for before the local ones are read, so their deadlines run in parallel.
        CompletableFuture<ViewSection<CustomerFeedbackSummary>> feedback = remoteSections.feedbackSummary(tenant,
                customerId);
        CompletableFuture<ViewSection<List<FollowUp>>> followUps = remoteSections.openFollowUps(tenant, customerId);
        Optional<ExpectationSnapshot> latest = latestExpectations(tenant, customerId);
        List<ContactLogEntry> lastContacts = contacts.latest(tenant, customerId, contactLimit);
        return new View(customer, latest, lastContacts, feedback.join(), followUps.join());
    }

    private Optional<ExpectationSnapshot> latestExpectations(TenantId tenant, String customerId) {
        try {
            return Optional.of(expectations.latest(tenant, customerId));
        } catch (NotFoundException noneStated) {
            return Optional.empty();
        }
    }
}
