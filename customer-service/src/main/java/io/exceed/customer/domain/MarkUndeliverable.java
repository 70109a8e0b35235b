package io.exceed.customer.domain;

import java.util.Optional;

/**
 * Messages on {@code channel} to {@code address}, one of the customer's addresses on it (an e-mail address for
 * {@link Channel#EMAIL}, a phone number for {@link Channel#SMS}), failed for good, for {@code reason}.
 */
public record MarkUndeliverable(String customerId, Channel channel, String address, String reason,
        Optional<String> requestId) {
}
