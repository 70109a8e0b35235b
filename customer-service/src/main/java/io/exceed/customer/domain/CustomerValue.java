package io.exceed.customer.domain;

/** What a customer is worth to the tenant. The lifetime value may be unknown (null). */
public record CustomerValue(Money lifetimeValue, Band profitability, Band growthPotential) {

    public static final CustomerValue UNKNOWN = new CustomerValue(null, Band.UNRATED, Band.UNRATED);
}
