package io.exceed.feedback.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.defaults.feed.FeedDelivery;

/**
 * feedback-service settings ({@code exceed.feedback.*}); the defaults and their reasons are in
 * application.yaml.
 *
 * @param invitations      how long survey links work and where they point
 * @param contactGovernor  whether customer-service's contact governor is asked before an invitation
 * @param acknowledgements the thank-you templates for complaints, by language
 * @param analytics        thresholds of the analytics
 * @param events           pacing of the event relay and of watches
 */
@ConfigurationProperties("exceed.feedback")
public record FeedbackProperties(Invitations invitations, ContactGovernor contactGovernor,
        Acknowledgements acknowledgements, Analytics analytics, Events events) {

    /** Lifetimes of survey links, and where they point: the gateway's survey page, to which the token is appended. */
    public record Invitations(Duration defaultLifetime, Duration maxLifetime, String surveyLinkBase) {
    }

    /** The contact-governor check. */
    public record ContactGovernor(boolean enabled) {
    }

    /** Complaint acknowledgement templates by BCP 47 language; "{reference}" is replaced by the complaint id. */
    public record Acknowledgements(String defaultLanguage, Map<String, String> templates) {
    }

    /** Analytics thresholds. */
    public record Analytics(int driverMinimumSample) {
    }

    /** Event relay and watch pacing, and the delivery of events to followup-service's playbooks. */
    public record Events(Duration relayInterval, Duration watchPollInterval, Playbooks playbooks) {
    }

    /**
     * Delivery of complaint and response events to followup-service's playbooks.
     *
     * @param enabled  off only where no followup-service runs
     * @param interval how often the feed is checked for events to deliver
     * @param delivery batch, lease and backoff of the delivery
     */
    public record Playbooks(boolean enabled, Duration interval, FeedDelivery.Settings delivery) {
    }
}
