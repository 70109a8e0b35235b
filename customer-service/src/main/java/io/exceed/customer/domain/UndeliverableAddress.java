package io.exceed.customer.domain;

import java.time.Instant;

/**
 * One of the customer's e-mail addresses or phone numbers that messages on its channel cannot be delivered to, and
 * why, as the sender reported it.
 */
public record UndeliverableAddress(String address, String reason, Instant markTime) {
}
