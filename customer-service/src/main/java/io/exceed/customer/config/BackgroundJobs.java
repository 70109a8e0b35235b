package io.exceed.customer.config;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.customer.domain.Erasures;
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoSweepSchedule;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.Leases;
import io.exceed.eventing.OutboxRelay;
import io.exceed.eventing.ScheduledPasses;

/**
 * Everything customer-service does by itself, on every replica, at a fixed pace: relay its events, deliver them to
 * followup-service's playbooks, announce stale expectations (whichever replica takes the turn), and retry the other
 * services' parts of pending erasures. A pass that fails is retried by the next.
 */
@Configuration(proxyBeanMethods = false)
public class BackgroundJobs {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final OutboxRelay relay;
    private final Optional<FeedDelivery<CustomerEvent>> playbookDelivery;
    private final StaleExpectations staleExpectations;
    private final MongoSweepSchedule staleExpectationsSchedule;
    private final Erasures erasures;
    private final ErasureProperties erasureSettings;
    private final String owner = Leases.newOwner();

    BackgroundJobs(MongoCustomerEventFeed events, Optional<FeedDelivery<CustomerEvent>> playbookDelivery,
            StaleExpectations staleExpectations, MongoSweepSchedule staleExpectationsSchedule, Erasures erasures,
            ErasureProperties erasureSettings) {
        this.relay = events.relay();
        this.playbookDelivery = playbookDelivery;
        this.staleExpectations = staleExpectations;
        this.staleExpectationsSchedule = staleExpectationsSchedule;
        this.erasures = erasures;
        this.erasureSettings = erasureSettings;
    }

    @Scheduled(fixedDelayString = "${exceed.customer.events.relay-interval}")
    void relayEvents() {
        ScheduledPasses.once("relaying customer events", relay::run);
    }

    @Scheduled(fixedDelayString = "${exceed.customer.events.playbooks.interval}")
    void deliverEventsToPlaybooks() {
        playbookDelivery.ifPresent(delivery -> ScheduledPasses.once("delivering customer events to playbooks",
                delivery::runOnce));
    }

    /** Checked often; the schedule makes it run once per sweep interval across all replicas. */
    @Scheduled(fixedDelayString = "${exceed.customer.events.relay-interval}")
    void announceStaleExpectations() {
        ScheduledPasses.once("announcing stale expectations", () -> staleExpectationsSchedule.runIfDue(() -> {
            int announced = staleExpectations.announce();
            if (announced > 0) {
                log.info("announced stale expectations of {} customers", announced);
            }
        }));
    }

    @Scheduled(fixedDelayString = "${exceed.customer.erasure.retry-interval:5s}")
    void retryPendingErasures() {
        ScheduledPasses.untilCaughtUp("retrying pending erasures", () -> erasures.retryDue(owner,
                erasureSettings.lease(), erasureSettings.batch()) == erasureSettings.batch());
    }
}
