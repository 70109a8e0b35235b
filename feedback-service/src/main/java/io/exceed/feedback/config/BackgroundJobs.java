package io.exceed.feedback.config;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.OutboxRelay;
import io.exceed.eventing.ScheduledPasses;
import io.exceed.feedback.application.MailDispatcher;
import io.exceed.feedback.application.OutboundRetention;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.recovery.Recoveries;
import io.exceed.feedback.store.ComplaintRollups;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.MongoRollups;

/**
 * Everything feedback-service does by itself, on every replica, at a fixed pace: relay its events, deliver them to
 * followup-service's playbooks and customers' feedback summaries to customer-service, take resolutions from the
 * feed to issue recovery surveys when due, fold responses and complaints left behind into the analytics rollups,
 * and send the e-mails that are due (with the thanks and acknowledgements the feed's answers and complaints call
 * for), and delete messages past their retention and expired unsubscribe links. Deliveries switched off are absent. A pass that fails
 * is retried by the next.
 */
@Configuration(proxyBeanMethods = false)
public class BackgroundJobs {

    private final OutboxRelay relay;
    private final Optional<FeedDelivery<FeedbackEvent>> playbookDelivery;
    private final Optional<FeedDelivery<FeedbackEvent>> relationshipDelivery;
    private final Optional<FeedDelivery<FeedbackEvent>> recoveryDelivery;
    private final Optional<Recoveries> recoveries;
    private final MongoRollups rollups;
    private final ComplaintRollups complaintRollups;
    private final int rollupSweepBatch;
    private final FeedDelivery<FeedbackEvent> mailDelivery;
    private final MailDispatcher mail;
    private final OutboundRetention retention;

    BackgroundJobs(MongoEventFeed events, MongoRollups rollups, ComplaintRollups complaintRollups,
            FeedbackProperties properties,
            @Qualifier("playbookDelivery") Optional<FeedDelivery<FeedbackEvent>> playbookDelivery,
            @Qualifier("relationshipDelivery") Optional<FeedDelivery<FeedbackEvent>> relationshipDelivery,
            @Qualifier("recoveryDelivery") Optional<FeedDelivery<FeedbackEvent>> recoveryDelivery,
            Optional<Recoveries> recoveries, @Qualifier("mailDelivery") FeedDelivery<FeedbackEvent> mailDelivery,
            MailDispatcher mail, OutboundRetention retention) {
        this.relay = events.relay();
        this.playbookDelivery = playbookDelivery;
        this.relationshipDelivery = relationshipDelivery;
        this.recoveryDelivery = recoveryDelivery;
        this.recoveries = recoveries;
        this.rollups = rollups;
        this.complaintRollups = complaintRollups;
        this.rollupSweepBatch = properties.analytics().rollupSweepBatch();
        this.mailDelivery = mailDelivery;
        this.mail = mail;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.analytics.rollup-sweep-interval}")
    void foldPending() {
        ScheduledPasses.once("folding responses left behind into rollups",
                () -> rollups.foldPending(rollupSweepBatch));
        ScheduledPasses.once("folding complaints left behind into rollups",
                () -> complaintRollups.foldPending(rollupSweepBatch));
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.events.relay-interval}")
    void relayEvents() {
        ScheduledPasses.once("relaying feedback events", relay::run);
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.events.playbooks.interval}")
    void deliverEventsToPlaybooks() {
        playbookDelivery.ifPresent(delivery -> ScheduledPasses.once("delivering feedback events to playbooks",
                delivery::runOnce));
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.events.relationship.interval}")
    void sendFeedbackSummaries() {
        relationshipDelivery.ifPresent(delivery -> ScheduledPasses.once(
                "sending feedback summaries to customer-service", delivery::runOnce));
    }

    /** Takes the feed's new resolutions and answers first, then issues the surveys that are due. */
    @Scheduled(fixedDelayString = "${exceed.feedback.recovery.interval}")
    void issueRecoverySurveys() {
        recoveryDelivery.ifPresent(delivery -> ScheduledPasses.once("recovery surveys", () -> {
            delivery.runOnce();
            recoveries.orElseThrow().issueDue();
        }));
    }

    /**
     * Takes the feed's new answers and complaints first (their thanks and acknowledgements), then sends the e-mails
     * that are due, batch after batch while batches come back full.
     */
    @Scheduled(fixedDelayString = "${exceed.feedback.mail.interval}")
    void sendMail() {
        ScheduledPasses.once("queueing thanks and acknowledgements", mailDelivery::runOnce);
        ScheduledPasses.untilCaughtUp("sending e-mail", mail::dispatchDue);
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.mail.purge-interval}")
    void purgeOutbound() {
        ScheduledPasses.once("purging sent messages and expired unsubscribe links", retention::purge);
    }
}
