package io.exceed.followup.config;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.eventing.DeadLetterEndpoint;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedWatches;
import io.exceed.eventing.Leases;
import io.exceed.followup.client.CustomerContactGovernor;
import io.exceed.followup.domain.erasure.ErasureAwareEventSink;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.schedule.ContactCheckRefusals;
import io.exceed.followup.domain.schedule.ContactGovernor;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.store.FollowUpCollections;
import io.exceed.followup.store.MongoErasureStore;
import io.exceed.followup.store.MongoFollowUpEventFeed;
import io.exceed.followup.store.MongoFollowUpSchedule;
import io.exceed.followup.v1.FollowUpDeadLetterServiceGrpc;
import io.grpc.BindableService;
import io.micrometer.core.instrument.MeterRegistry;

/** The milestone scheduler, the event feed it writes and the watches that read it. */
@Configuration(proxyBeanMethods = false)
public class SchedulerConfiguration {

    @Bean
    MongoFollowUpSchedule followUpSchedule(MongoDatabase database) {
        return new MongoFollowUpSchedule(database);
    }

    @Bean
    MongoFollowUpEventFeed followUpEventFeed(MongoDatabase database) {
        return new MongoFollowUpEventFeed(database);
    }

    /**
     * Events go to the tenant's webhook endpoints and to its feed, without an erased customer's data. Each replica
     * claims under its own name.
     */
    /**
     * Follow-ups whose contact check customer-service refused for good; a retry makes the follow-up due now, so the
     * scheduler asks again (a follow-up gone meanwhile leaves nothing to do).
     */
    @Bean
    DeadLetters deadLetters(MongoDatabase database, FollowUps followUps, Clock clock) {
        DeadLetters deadLetters = new DeadLetters(database.getCollection(FollowUpCollections.DEAD_LETTERS), clock);
        deadLetters.register(ContactCheckRefusals.CONSUMER, deadLetter -> {
            try {
                followUps.checkContactAgain(deadLetter.tenant(), deadLetter.subject());
            } catch (NotFoundException gone) {
                // Erased or deleted meanwhile: nobody is left to contact.
            }
        });
        return deadLetters;
    }

    /** FollowUpDeadLetterService: the dead letters listed and retried over gRPC (and REST, through the gateway). */
    @Bean
    BindableService deadLetterService(DeadLetters deadLetters) {
        return new DeadLetterEndpoint(deadLetters).service(FollowUpDeadLetterServiceGrpc.getServiceDescriptor(),
                FollowUpDeadLetterServiceGrpc.getListDeadLettersMethod(),
                FollowUpDeadLetterServiceGrpc.getRetryDeadLetterMethod());
    }

    @Bean
    FollowUpMetrics followUpMetrics(MeterRegistry registry) {
        return new FollowUpMetrics(registry);
    }

    @Bean
    MilestoneScheduler milestoneScheduler(MongoFollowUpSchedule schedule, MongoFollowUpEventFeed feed,
            WebhookEventSink webhooks, ErasedCustomers erased, MongoErasureStore erasures, ServiceClients clients,
            DeadLetters deadLetters, FollowUpMetrics metrics, FollowUpProperties properties, Clock clock) {
        FollowUpProperties.Scheduler settings = properties.scheduler();
        FollowUpEventSink everywhere = (tenant, event) -> {
            webhooks.accept(tenant, event);
            feed.accept(tenant, event);
        };
        Optional<ContactGovernor> governor = properties.contactGovernor().enabled()
                ? Optional.of(new CustomerContactGovernor(clients)) : Optional.empty();
        ContactCheckRefusals refusals = (tenant, followUp, reason) -> deadLetters.record(tenant,
                ContactCheckRefusals.CONSUMER, followUp.id(), followUp.customerId(), reason);
        return new MilestoneScheduler(schedule,
                metrics.counting(new ErasureAwareEventSink(everywhere, erased, erasures), clock), governor,
                refusals, clock, Leases.newOwner(), settings.lease(), settings.batchSize());
    }

    @Bean
    Feed<FollowUpEvent> followUpEvents(MongoFollowUpEventFeed feed) {
        return feed.feed();
    }

    /** Polls every open watch; two threads serve many watches, since a poll is one short query. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService feedWatchScheduler() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("feed-watch-", 0).daemon().factory());
    }

    @Bean
    FeedWatches<FollowUpEvent> followUpEventWatches(Feed<FollowUpEvent> feed,
            ScheduledExecutorService feedWatchScheduler, FollowUpProperties properties) {
        return new FeedWatches<>(feed, feedWatchScheduler, properties.events().watchPollInterval());
    }
}
