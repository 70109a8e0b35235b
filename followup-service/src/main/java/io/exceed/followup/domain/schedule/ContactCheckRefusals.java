package io.exceed.followup.domain.schedule;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.FollowUp;

/**
 * Where the scheduler reports a follow-up whose contact check the governor refused for good ({@link
 * ContactGovernor.Rejected}): a person must fix the cause, so it must be visible, not only logged.
 */
public interface ContactCheckRefusals {

    /** The work's name in the service's dead letters. */
    String CONSUMER = "contact-check";

    void refused(TenantId tenant, FollowUp followUp, String reason);
}
