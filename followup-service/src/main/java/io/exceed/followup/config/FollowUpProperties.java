package io.exceed.followup.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.followup.domain.playbook.Money;

/**
 * followup-service settings ({@code exceed.followup.*}); the defaults and their reasons are in application.yaml.
 *
 * @param defaultQuietHours local quiet hours for a contact window that names none
 * @param scheduler         pacing and leases of the milestone scheduler
 * @param events            pacing of event watches
 * @param ledger            how the promise ledger judges promises
 * @param playbooks         what the shipped default playbooks are installed with
 * @param contactGovernor   whether customer-service's contact governor is asked before a follow-up becomes due
 */
@ConfigurationProperties("exceed.followup")
public record FollowUpProperties(QuietHours defaultQuietHours, Scheduler scheduler, Events events, Ledger ledger,
        Playbooks playbooks, ContactGovernor contactGovernor) {

    /** The contact-governor check before each outbound contact. */
    public record ContactGovernor(boolean enabled) {
    }

    /** Local quiet hours, e.g. 21:00 to 08:00. */
    public record QuietHours(LocalTime start, LocalTime end) {
    }

    /**
     * @param pollInterval how often each replica looks for due milestones
     * @param lease        how long a claimed follow-up is held before another replica may take it over
     * @param batchSize    follow-ups claimed per run
     */
    public record Scheduler(Duration pollInterval, Duration lease, int batchSize) {
    }

    /** @param watchPollInterval how often a watch looks for new events */
    public record Events(Duration watchPollInterval) {
    }

    /** A kept promise is beaten only when delivered more than {@code beatTolerance} before the promised time. */
    public record Ledger(Duration beatTolerance) {
    }

    /**
     * @param largeOrderThreshold     the order value from which the "large order" default fires
     * @param defaultCalendarTimeZone where a calendar that follows the customer (the default retention meeting's
     *                                office hours) is put for an event without the customer's time zone
     * @param defaultQueue            who owns a follow-up when the customer has no account owner and the playbook
     *                                names no team: every tenant's default work queue
     */
    public record Playbooks(Money largeOrderThreshold, ZoneId defaultCalendarTimeZone, String defaultQueue) {
    }
}
