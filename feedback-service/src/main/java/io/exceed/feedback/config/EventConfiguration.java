package io.exceed.feedback.config;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.eventing.FeedReader;
import io.exceed.eventing.FeedWatches;
import io.exceed.eventing.OutboxHints;
import io.exceed.eventing.OutboxRelay;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.OutboxRelayRunner;

/** The event feed: the relay that fills it, the reader, and the scheduler that runs watches. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    /** Documents with pending events the stores name to the relay; a burst beyond this is left to the sweep. */
    private static final int HINT_CAPACITY = 10_000;
    /** Documents read per collection and page, and hints taken per run, so one run stays short. */
    private static final int RELAY_BATCH = 100;

    @Bean
    OutboxHints outboxHints() {
        return new OutboxHints(HINT_CAPACITY);
    }

    @Bean
    MongoEventFeed eventFeed(MongoDatabase database, OutboxHints hints, FeedbackProperties properties, Clock clock) {
        return new MongoEventFeed(database, hints,
                new OutboxRelay.Settings(RELAY_BATCH, properties.events().relaySweepInterval()), clock);
    }

    @Bean
    OutboxRelayRunner outboxRelayRunner(MongoEventFeed feed) {
        return new OutboxRelayRunner(feed.relay());
    }

    @Bean
    FeedReader<FeedbackEvent> feedReader(MongoEventFeed feed, Clock clock) {
        return new FeedReader<>(feed.source(), clock);
    }

    /** Polls every open watch; two threads serve many watches, since a poll is one short query. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService feedWatchScheduler() {
        return Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("feed-watch-", 0).daemon().factory());
    }

    @Bean
    FeedWatches<FeedbackEvent> feedWatches(FeedReader<FeedbackEvent> reader, ScheduledExecutorService feedWatchScheduler,
            FeedbackProperties properties) {
        return new FeedWatches<>(reader, feedWatchScheduler, properties.events().watchPollInterval());
    }
}
