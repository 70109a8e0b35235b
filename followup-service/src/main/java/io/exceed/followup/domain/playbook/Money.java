package io.exceed.followup.domain.playbook;

import java.math.BigDecimal;

/** An amount in an ISO 4217 currency. */
public record Money(String currency, BigDecimal amount) {

    /** Whether this is at least {@code other}; amounts in different currencies are not compared. */
    public boolean isAtLeast(Money other) {
        return currency.equals(other.currency) && amount.compareTo(other.amount) >= 0;
    }
}
