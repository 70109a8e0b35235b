package io.exceed.followup.application;

import java.util.List;

import org.springframework.stereotype.Service;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.client.CustomerProfiles;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.playbook.EvaluatePlaybooks;
import io.exceed.followup.domain.playbook.Playbooks;

/**
 * Evaluating playbooks against an event a caller sends: what the event leaves out about the customer (account
 * owner, contact window) is read from customer-service first, so the playbooks see the whole customer.
 */
@Service
public class PlaybookEvaluations {

    private final Playbooks playbooks;
    private final CustomerProfiles customers;

    public PlaybookEvaluations(Playbooks playbooks, CustomerProfiles customers) {
        this.playbooks = playbooks;
        this.customers = customers;
    }

    /** The follow-ups scheduled (or, validating only, built); UNAVAILABLE when the customer could not be read. */
    public List<FollowUp> evaluate(TenantId tenant, EvaluatePlaybooks command, Violations violations) {
        return playbooks.evaluate(tenant, command.withEvent(customers.complete(tenant, command.event(), violations)),
                violations);
    }
}
