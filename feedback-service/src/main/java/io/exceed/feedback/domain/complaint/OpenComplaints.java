package io.exceed.feedback.domain.complaint;

import io.exceed.defaults.tenancy.TenantId;

/** Whether a customer has a complaint not yet resolved: relationship surveys are held until then. */
public interface OpenComplaints {

    boolean any(TenantId tenant, String customerId);
}
