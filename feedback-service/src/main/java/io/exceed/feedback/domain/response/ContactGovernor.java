package io.exceed.feedback.domain.response;

import java.time.Instant;

import io.exceed.defaults.tenancy.TenantId;

/**
 * customer-service's contact governor (consent, quiet hours, contact budget), asked before every invitation so
 * surveys and follow-ups share one budget. A grant is counted and logged there.
 */
public interface ContactGovernor {

    Decision reserve(TenantId tenant, ReserveContact request);

    /** Granted, or denied with the governor's reason and, where it knows one, the earliest allowed time. */
    record Decision(boolean granted, String denialReason, Instant nextAllowedTime) {
    }
}
