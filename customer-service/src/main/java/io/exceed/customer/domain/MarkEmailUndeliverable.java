package io.exceed.customer.domain;

import java.util.Optional;

/** Mail to {@code address}, one of the customer's emails, failed for good, for {@code reason}. */
public record MarkEmailUndeliverable(String customerId, String address, String reason, Optional<String> requestId) {
}
