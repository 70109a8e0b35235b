package io.exceed.feedback.domain.response;

import java.util.List;
import java.util.Optional;

import io.exceed.defaults.tenancy.TenantId;

/** The levels a customer said they expect, from the latest snapshot customer-service keeps. */
public interface ExpectationSnapshots {

    /** Where no customer-service runs: no snapshot is ever known. */
    ExpectationSnapshots NONE = (tenant, customerId) -> Optional.empty();

    /**
     * The levels of the customer's latest snapshot; empty when the customer has none with levels, or when it cannot
     * be had now (customer-service down, its breaker open): a response is never refused for want of it.
     */
    Optional<List<ExpectedLevel>> latest(TenantId tenant, String customerId);
}
