package io.exceed.customer.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.ExpectationStore;
import io.exceed.customer.domain.StaleExpectations;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoSweepSchedule;
import io.exceed.customer.v1.CustomerDeadLetterServiceGrpc;
import io.exceed.eventing.DeadLetterEndpoint;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Leases;
import io.exceed.eventing.OutboxBacklog;
import io.exceed.eventing.OutboxRelay;
import io.grpc.BindableService;

/** The customer event feed with its outbox and relay, and the sweep that announces stale expectations. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    /** Documents with pending events the stores name to the relay; a burst beyond this is left to the sweep. */
    private static final int NAMES_TO_KEEP = 10_000;
    /** Documents read per collection and page, and named documents taken per run, so one run stays short. */
    private static final int BATCH = 100;

    @Bean
    MongoCustomerEventFeed customerEventFeed(MongoDatabase database, CustomerProperties properties, Clock clock) {
        return new MongoCustomerEventFeed(database, NAMES_TO_KEEP,
                new OutboxRelay.Settings(BATCH, properties.events().relaySweepInterval()), clock);
    }

    /** {@code exceed.outbox.backlog} and {@code exceed.outbox.oldest.age} of the customer event feed. */
    @Bean
    OutboxBacklog outboxBacklog(MongoCustomerEventFeed feed) {
        return new OutboxBacklog(feed.feed());
    }

    /** Events the feed's consumers refused for good, kept to be retried once their cause is fixed. */
    @Bean
    DeadLetters deadLetters(MongoDatabase database, Clock clock) {
        return new DeadLetters(database.getCollection(CustomerCollections.DEAD_LETTERS), clock);
    }

    /** CustomerDeadLetterService: the dead letters listed and retried over gRPC (and REST, through the gateway). */
    @Bean
    BindableService deadLetterService(DeadLetters deadLetters) {
        return new DeadLetterEndpoint(deadLetters).service(CustomerDeadLetterServiceGrpc.getServiceDescriptor(),
                CustomerDeadLetterServiceGrpc.getListDeadLettersMethod(), CustomerDeadLetterServiceGrpc.getRetryDeadLetterMethod());
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
                Leases.newOwner(), clock);
    }
}
