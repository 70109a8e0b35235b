package io.exceed.feedback.config;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.IndexDeclarations;
import io.exceed.eventing.DeadLetterEndpoint;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedWatches;
import io.exceed.eventing.OutboxBacklog;
import io.exceed.eventing.OutboxRelay;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.v1.FeedbackDeadLetterServiceGrpc;
import io.grpc.BindableService;

/** The database's indexes, the event feed with its outbox and relay, and the scheduler that runs watches. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    /** Documents with pending events the stores name to the relay; a burst beyond this is left to the sweep. */
    private static final int NAMES_TO_KEEP = 10_000;
    /** Documents read per collection and page, and named documents taken per run, so one run stays short. */
    private static final int RELAY_BATCH = 100;

    /**
     * An event that enters the feed after its customer was erased (read from its document before the erasure's scrub,
     * stored after it) is pseudonymised where it landed.
     */
    @Bean
    MongoEventFeed eventFeed(MongoDatabase database, ErasedCustomerGuard erased, FeedbackProperties properties,
            Clock clock) {
        return new MongoEventFeed(database, NAMES_TO_KEEP,
                new OutboxRelay.Settings(RELAY_BATCH, properties.events().relaySweepInterval()),
                erased::pseudonymiseIfErased, clock);
    }

    /** {@code exceed.outbox.backlog} and {@code exceed.outbox.oldest.age} of the feedback event feed. */
    @Bean
    OutboxBacklog outboxBacklog(MongoEventFeed feed) {
        return new OutboxBacklog(feed.feed());
    }

    /** Every index of the database, declared in one place and created at start-up. */
    @Bean
    IndexDeclarations feedbackIndexes() {
        return FeedbackCollections::createIndexes;
    }

    /** Events the feed's consumers refused for good, kept to be retried once their cause is fixed. */
    @Bean
    DeadLetters deadLetters(MongoDatabase database, Clock clock) {
        return new DeadLetters(database.getCollection(FeedbackCollections.DEAD_LETTERS), clock);
    }

    /** FeedbackDeadLetterService: the dead letters listed and retried over gRPC (and REST, through the gateway). */
    @Bean
    BindableService deadLetterService(DeadLetters deadLetters) {
        return new DeadLetterEndpoint(deadLetters).service(FeedbackDeadLetterServiceGrpc.getServiceDescriptor(),
                FeedbackDeadLetterServiceGrpc.getListDeadLettersMethod(), FeedbackDeadLetterServiceGrpc.getRetryDeadLetterMethod());
    }

    @Bean
    Feed<FeedbackEvent> feed(MongoEventFeed events) {
        return events.feed();
    }

    /** Polls every open watch; two threads serve many watches, since a poll is one short query. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService feedWatchScheduler() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("feed-watch-", 0).daemon().factory());
    }

    @Bean
    FeedWatches<FeedbackEvent> feedWatches(Feed<FeedbackEvent> feed, ScheduledExecutorService feedWatchScheduler,
            FeedbackProperties properties) {
        return new FeedWatches<>(feed, feedWatchScheduler, properties.events().watchPollInterval());
    }
}
