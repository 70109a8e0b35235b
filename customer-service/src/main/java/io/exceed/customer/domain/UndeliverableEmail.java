package io.exceed.customer.domain;

import java.time.Instant;

/** One of the customer's e-mail addresses that mail cannot be delivered to, and why, as the sender reported it. */
public record UndeliverableEmail(String address, String reason, Instant markTime) {
}
