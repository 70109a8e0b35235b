package io.exceed.customer.domain;

/** A request to contact a customer; null channel or purpose means the caller sent none or an unknown one. */
public record ContactRequest(String customerId, Channel channel, Purpose purpose, String actor) {
}
