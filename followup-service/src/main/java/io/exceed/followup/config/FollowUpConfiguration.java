package io.exceed.followup.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.followup.domain.followup.FollowUpStore;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.store.MongoFollowUpStore;

/** Follow-ups and their lifecycle, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class FollowUpConfiguration {

    @Bean
    MongoFollowUpStore followUpStore(MongoDatabase database, ExactKeyIndexes indexes) {
        return new MongoFollowUpStore(database, indexes);
    }

    @Bean
    FollowUps followUps(FollowUpStore store, FollowUpProperties properties, Clock clock) {
        FollowUpProperties.QuietHours quiet = properties.defaultQuietHours();
        return new FollowUps(store, quiet.start(), quiet.end(), clock);
    }
}
