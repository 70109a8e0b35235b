package io.exceed.feedback.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.store.MongoAnalyticsStore;

/** Scores and analytics, computed by the store. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    @Bean
    Analytics analytics(MongoDatabase database, FeedbackProperties properties) {
        return new Analytics(new MongoAnalyticsStore(database), properties.analytics().driverMinimumSample());
    }
}
