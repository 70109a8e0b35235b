package io.exceed.customer.config;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.ExpectationStore;
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoSweepSchedule;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.eventing.OutboxRelay;

/** The customer event feed: the relay that fills it, and the sweep that announces stale expectations. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    /** Documents with pending events the stores name to the relay; a burst beyond this is left to the sweep. */
    private static final int NAMES_TO_KEEP = 10_000;
    /** Documents read per collection and page, and named documents taken per run, so one run stays short. */
    private static final int BATCH = 100;

    @Bean
    MongoCustomerEventFeed customerEventFeed(MongoDatabase database, ExactKeyIndexes indexes,
            CustomerProperties properties, Clock clock) {
        return new MongoCustomerEventFeed(database, indexes, NAMES_TO_KEEP,
                new OutboxRelay.Settings(BATCH, properties.events().relaySweepInterval()), clock);
    }

    @Bean
    StaleExpectations staleExpectations(CustomerStore customers, ExpectationStore snapshots, Clock clock,
            CustomerProperties properties) {
        return new StaleExpectations(customers, snapshots, clock, properties.staleExpectationsAfter(), BATCH);
    }

    @Bean
    MongoSweepSchedule staleExpectationsSchedule(MongoDatabase database, CustomerProperties properties, Clock clock) {
        CustomerProperties.StaleExpectations settings = properties.events().staleExpectations();
        return new MongoSweepSchedule(database, "stale-expectations", settings.sweepInterval(), settings.lease(),
                Replicas.id(), clock);
    }

    @Bean
    EventRunner customerEventRunner(MongoCustomerEventFeed feed, StaleExpectations staleExpectations,
            MongoSweepSchedule staleExpectationsSchedule) {
        return new EventRunner(feed.relay(), staleExpectations, staleExpectationsSchedule);
    }

    /** Runs the relay on every replica, and the stale-expectations sweep on whichever replica's turn it is. */
    static final class EventRunner {

        private static final Logger log = LoggerFactory.getLogger(EventRunner.class);

        private final OutboxRelay relay;
        private final StaleExpectations staleExpectations;
        private final MongoSweepSchedule schedule;

        EventRunner(OutboxRelay relay, StaleExpectations staleExpectations, MongoSweepSchedule schedule) {
            this.relay = relay;
            this.staleExpectations = staleExpectations;
            this.schedule = schedule;
        }

        @Scheduled(fixedDelayString = "${exceed.customer.events.relay-interval}")
        void relay() {
            try {
                relay.run();
            } catch (RuntimeException e) {
                log.warn("relaying customer events failed; the next run retries", e);
            }
        }

        /** Checked often; the schedule makes it run once per sweep interval across all replicas. */
        @Scheduled(fixedDelayString = "${exceed.customer.events.relay-interval}")
        void announceStaleExpectations() {
            try {
                schedule.runIfDue(() -> {
                    int announced = staleExpectations.announce();
                    if (announced > 0) {
                        log.info("announced stale expectations of {} customers", announced);
                    }
                });
            } catch (RuntimeException e) {
                log.warn("announcing stale expectations failed; the next turn retries", e);
            }
        }
    }
}
