package io.exceed.customer.domain;

import java.time.Duration;

/** At most {@code maxContacts} contacts in any rolling {@code period}. */
public record ContactBudget(int maxContacts, Duration period) {
}
