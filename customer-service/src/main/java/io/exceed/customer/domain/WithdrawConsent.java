package io.exceed.customer.domain;

import java.util.Optional;

/** The customer no longer wants to be contacted on {@code channel}; {@code source} says where they said so. */
public record WithdrawConsent(String customerId, Channel channel, String source, Optional<String> requestId) {
}
