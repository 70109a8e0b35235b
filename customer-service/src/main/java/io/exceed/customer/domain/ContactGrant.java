package io.exceed.customer.domain;

import java.time.Instant;

/** A contact the governor allowed: counted against the budget and written to the contact log. */
public record ContactGrant(String reservationId, String requestId, String customerId, Channel channel,
        Purpose purpose, String actor, String consentBasis, Instant grantTime) {
}
