package io.exceed.customer.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.eventing.FeedDelivery;

/**
 * customer-service settings ({@code exceed.customer.*}).
 *
 * @param defaultContactBudget   contacts allowed per period for customers who set no budget
 * @param defaultQuietHours      local quiet hours ("HH:mm") for customers who set none
 * @param staleExpectationsAfter age after which a customer's expectations are re-asked
 * @param events                 the customer event feed: relay, stale-expectations sweep, delivery to playbooks
 */
@ConfigurationProperties("exceed.customer")
public record CustomerProperties(Budget defaultContactBudget, Quiet defaultQuietHours, Duration staleExpectationsAfter,
        Events events) {

    /**
     * The customer event feed.
     *
     * @param relayInterval      how often the events this replica just recorded are relayed into the feed
     * @param relaySweepInterval how often timeline events and customers are searched for events left behind
     * @param staleExpectations  the sweep that announces stale expectations
     * @param playbooks          delivery of the feed to followup-service's playbooks
     */
    public record Events(Duration relayInterval, Duration relaySweepInterval, StaleExpectations staleExpectations,
            Playbooks playbooks) {
    }

    /**
     * @param sweepInterval how often one replica looks for expectations that went stale
     * @param lease         how long that replica holds the turn; longer than a sweep takes
     */
    public record StaleExpectations(Duration sweepInterval, Duration lease) {
    }

    /**
     * @param enabled  off only where no followup-service runs
     * @param interval how often the feed is checked for events to deliver
     * @param delivery batch, lease and backoff of the delivery
     */
    public record Playbooks(boolean enabled, Duration interval, FeedDelivery.Settings delivery) {
    }

    /** A default contact budget. */
    public record Budget(int maxContacts, Duration period) {
    }

    /** Default quiet hours, local time, e.g. 21:00 to 08:00. */
    public record Quiet(String start, String end) {
    }
}
