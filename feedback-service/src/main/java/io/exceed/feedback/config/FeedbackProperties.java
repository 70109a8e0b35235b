package io.exceed.feedback.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.defaults.tenancy.TenantId;

import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.response.Channel;

/**
 * feedback-service settings ({@code exceed.feedback.*}); the defaults and their reasons are in
 * application.yaml.
 *
 * @param invitations      how long survey links work and where they point
 * @param contactGovernor  whether customer-service's contact governor is asked before an invitation
 * @param acknowledgements the thank-you templates for complaints, by language
 * @param analytics        thresholds of the analytics
 * @param events           pacing of the event relay and of watches
 * @param recovery         the recovery survey after a resolved complaint
 * @param surveyVersions   the in-memory cache of published survey versions
 * @param expectationSnapshots whether a response without expectations takes the customer's latest snapshot from
 *                             customer-service
 */
@ConfigurationProperties("exceed.feedback")
public record FeedbackProperties(Invitations invitations, ContactGovernor contactGovernor,
        Acknowledgements acknowledgements, Analytics analytics, Events events, Recovery recovery,
        SurveyVersions surveyVersions, ExpectationSnapshots expectationSnapshots) {

    /** Lifetimes of survey links, and where they point: the gateway's survey page, to which the token is appended. */
    public record Invitations(Duration defaultLifetime, Duration maxLifetime, String surveyLinkBase) {

        /**
         * What an e-mail's unsubscribe token is appended to: the gateway's {@code /u/} beside its survey page
         * ({@code https://feedback.example.com/s/} gives {@code https://feedback.example.com/u/}), so the one
         * public address configured serves both.
         */
        public String unsubscribeLinkBase() {
            return URI.create(surveyLinkBase).resolve("../u/").toString();
        }

        /**
         * The webhook a tenant's SMS provider posts replies to, on the same public address: {@code
         * https://feedback.example.com/s/} gives {@code https://feedback.example.com/sms/acme/replies}. The provider
         * signs this URL, so it is taken from configuration, never from a request's headers.
         */
        public String smsReplyUrl(TenantId tenant) {
            return URI.create(surveyLinkBase).resolve("../sms/" + tenant.value() + "/replies").toString();
        }
    }

    /** Taking the customer's latest expectation snapshot from customer-service for a response. */
    public record ExpectationSnapshots(boolean enabled) {
    }

    /** The contact-governor check. */
    public record ContactGovernor(boolean enabled) {
    }

    /** Complaint acknowledgement templates by BCP 47 language; "{reference}" is replaced by the complaint id. */
    public record Acknowledgements(String defaultLanguage, Map<String, String> templates) {
    }

    /**
     * The recovery survey after a resolved complaint.
     *
     * @param enabled    whether resolutions are followed by a recovery survey
     * @param delay      how long after the resolution the invitation is issued
     * @param channel    the channel the invitation names
     * @param interval   how often resolutions are taken from the feed and due surveys issued
     * @param retryAfter how long a survey waits after the contact governor could not be asked
     * @param lease      how long a replica holds a due survey while issuing it
     * @param delivery   batch, lease and backoff of taking events from the feed
     */
    public record Recovery(boolean enabled, Duration delay, Channel channel, Duration interval, Duration retryAfter,
            Duration lease, FeedDelivery.Settings delivery) {
    }

    /**
     * Analytics thresholds, and the upkeep of the per-day rollups they read.
     *
     * @param rollupSweepInterval how often responses and complaints a failed or crashed writer left unfolded are
     *                            folded in
     * @param rollupSweepBatch    most responses (and most complaints) folded by one sweep
     * @param rebuildRollups      recompute every tenant's rollups from the responses and complaints at start (a
     *                            repair)
     */
    public record Analytics(int driverMinimumSample, Duration rollupSweepInterval, int rollupSweepBatch,
            boolean rebuildRollups) {
    }

    /**
     * Published survey versions kept in memory by each replica.
     *
     * @param cacheSize most versions kept
     * @param latestTtl how long the number of a survey's latest published version is trusted (a publish on
     *                  another replica reaches integrator responses without a version at most this late)
     */
    public record SurveyVersions(long cacheSize, Duration latestTtl) {
    }

    /**
     * Event relay and watch pacing, the delivery of events to followup-service's playbooks, and of customers'
     * feedback summaries to customer-service.
     *
     * @param relayInterval      how often the events just recorded on this replica are relayed
     * @param relaySweepInterval how often every response and complaint is searched for events left behind
     */
    public record Events(Duration relayInterval, Duration relaySweepInterval, Duration watchPollInterval,
            Playbooks playbooks, Relationship relationship) {
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

    /**
     * Delivery of each affected customer's feedback summary to customer-service, which derives the relationship
     * state from it.
     *
     * @param enabled  off only where no customer-service runs
     * @param interval how often the feed is checked for events to deliver
     * @param delivery batch, lease and backoff of the delivery
     */
    public record Relationship(boolean enabled, Duration interval, FeedDelivery.Settings delivery) {
    }
}
