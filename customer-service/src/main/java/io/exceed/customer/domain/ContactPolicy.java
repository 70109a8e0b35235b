package io.exceed.customer.domain;

/** What applies to customers who did not set their own quiet hours or budget. */
public record ContactPolicy(QuietHours defaultQuietHours, ContactBudget defaultBudget) {
}
