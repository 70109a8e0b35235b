package io.exceed.customer.domain;

import java.math.BigDecimal;

/** An amount in an ISO 4217 currency. */
public record Money(String currency, BigDecimal amount) {
}
