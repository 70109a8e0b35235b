package io.exceed.customer.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * customer-service settings ({@code exceed.customer.*}).
 *
 * @param defaultContactBudget   contacts allowed per period for customers who set no budget
 * @param defaultQuietHours      local quiet hours ("HH:mm") for customers who set none
 * @param staleExpectationsAfter age after which a customer's expectations are re-asked
 */
@ConfigurationProperties("exceed.customer")
public record CustomerProperties(Budget defaultContactBudget, Quiet defaultQuietHours, Duration staleExpectationsAfter) {

    /** A default contact budget. */
    public record Budget(int maxContacts, Duration period) {
    }

    /** Default quiet hours, local time, e.g. 21:00 to 08:00. */
    public record Quiet(String start, String end) {
    }
}
