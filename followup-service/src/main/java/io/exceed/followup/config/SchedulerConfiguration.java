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
import io.exceed.eventing.Leases;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedWatches;
import io.exceed.followup.client.CustomerContactGovernor;
import io.exceed.followup.domain.erasure.ErasureAwareEventSink;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.schedule.ContactGovernor;
import io.exceed.followup.domain.schedule.MilestoneScheduler;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.store.MongoErasureStore;
import io.exceed.followup.store.MongoFollowUpEventFeed;
import io.exceed.followup.store.MongoFollowUpSchedule;

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
    @Bean
    MilestoneScheduler milestoneScheduler(MongoFollowUpSchedule schedule, MongoFollowUpEventFeed feed,
            WebhookEventSink webhooks, ErasedCustomers erased, MongoErasureStore erasures, ServiceClients clients,
            FollowUpProperties properties, Clock clock) {
        FollowUpProperties.Scheduler settings = properties.scheduler();
        FollowUpEventSink everywhere = (tenant, event) -> {
            webhooks.accept(tenant, event);
            feed.accept(tenant, event);
        };
        Optional<ContactGovernor> governor = properties.contactGovernor().enabled()
                ? Optional.of(new CustomerContactGovernor(clients)) : Optional.empty();
        return new MilestoneScheduler(schedule, new ErasureAwareEventSink(everywhere, erased, erasures), governor,
                clock, Leases.newOwner(), settings.lease(), settings.batchSize());
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
