package io.exceed.feedback.config;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.feed.FeedReader;
import io.exceed.defaults.feed.FeedWatches;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.OutboxRelay;

/** The event feed: the relay that fills it, the reader, and the scheduler that runs watches. */
@Configuration(proxyBeanMethods = false)
public class EventConfiguration {

    @Bean
    MongoEventFeed eventFeed(MongoDatabase database, Clock clock) {
        return new MongoEventFeed(database, clock);
    }

    @Bean
    OutboxRelay outboxRelay(MongoEventFeed feed) {
        return new OutboxRelay(feed);
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
