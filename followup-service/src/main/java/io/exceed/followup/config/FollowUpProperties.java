package io.exceed.followup.config;

import java.time.Duration;
import java.time.LocalTime;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * followup-service settings ({@code exceed.followup.*}); the defaults and their reasons are in application.yaml.
 *
 * @param defaultQuietHours local quiet hours for a contact window that names none
 * @param ledger            how the promise ledger judges promises
 */
@ConfigurationProperties("exceed.followup")
public record FollowUpProperties(QuietHours defaultQuietHours, Ledger ledger) {

    /** Local quiet hours, e.g. 21:00 to 08:00. */
    public record QuietHours(LocalTime start, LocalTime end) {
    }

    /** A kept promise is beaten only when delivered more than {@code beatTolerance} before the promised time. */
    public record Ledger(Duration beatTolerance) {
    }
}
