package io.exceed.feedback.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.store.ComplaintRollups;
import io.exceed.feedback.store.MongoAnalyticsStore;
import io.exceed.feedback.store.MongoRollups;
import io.exceed.feedback.store.RollupAnalyticsStore;

/** Scores and analytics, read from the per-day rollups. */
@Configuration(proxyBeanMethods = false)
public class AnalyticsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsConfiguration.class);

    @Bean
    MongoRollups rollups(MongoDatabase database) {
        return new MongoRollups(database);
    }

    @Bean
    ComplaintRollups complaintRollups(MongoDatabase database) {
        return new ComplaintRollups(database);
    }

    @Bean
    Analytics analytics(MongoRollups rollups, ComplaintRollups complaintRollups, MongoDatabase database,
            FeedbackProperties properties) {
        return new Analytics(new RollupAnalyticsStore(rollups, complaintRollups, new MongoAnalyticsStore(database)),
                properties.analytics().driverMinimumSample());
    }

    /**
     * The repair path: {@code exceed.feedback.analytics.rebuild-rollups=true} rebuilds them all at start, before the
     * gRPC server starts, so the service answers (and reports itself serving) only with the rebuilt figures.
     */
    @Bean
    SmartInitializingSingleton rebuildRollups(MongoRollups rollups, ComplaintRollups complaintRollups,
            FeedbackProperties properties) {
        return () -> {
            if (properties.analytics().rebuildRollups()) {
                rollups.tenants().forEach(tenant -> LOG.info("rebuilt the rollups of tenant {} from {} responses",
                        tenant.value(), rollups.rebuild(tenant)));
                complaintRollups.tenants().forEach(tenant -> LOG.info(
                        "rebuilt the complaint rollups of tenant {} from {} complaints", tenant.value(),
                        complaintRollups.rebuild(tenant)));
            }
        };
    }
}
