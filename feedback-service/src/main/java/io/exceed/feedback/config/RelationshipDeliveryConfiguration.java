package io.exceed.feedback.config;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.client.RelationshipUpdates;
import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEventFeed;

/** Sends customer-service each affected customer's feedback summary, from every replica. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exceed.feedback.events.relationship.enabled", havingValue = "true")
public class RelationshipDeliveryConfiguration {

    @Bean
    FeedDelivery<FeedbackEvent> relationshipDelivery(MongoEventFeed feed, ServiceClients clients,
            MongoDatabase database, Analytics analytics, FeedbackProperties properties, Clock clock) {
        String replica = System.getenv().getOrDefault("HOSTNAME", "local") + "-" + UUID.randomUUID();
        return new FeedDelivery<>(RelationshipUpdates.CONSUMER, feed.feed(), RelationshipUpdates::concernsRelationship,
                new RelationshipUpdates(clients, analytics, clock),
                database.getCollection(FeedbackCollections.FEED_DELIVERIES),
                properties.events().relationship().delivery(), replica, clock);
    }

    @Bean
    RelationshipDeliveryRunner relationshipDeliveryRunner(
            @Qualifier("relationshipDelivery") FeedDelivery<FeedbackEvent> relationshipDelivery) {
        return new RelationshipDeliveryRunner(relationshipDelivery);
    }

    /** Runs the delivery at a fixed pace; a failed run is retried by the next one. */
    static final class RelationshipDeliveryRunner {

        private static final Logger log = LoggerFactory.getLogger(RelationshipDeliveryRunner.class);

        private final FeedDelivery<FeedbackEvent> delivery;

        RelationshipDeliveryRunner(FeedDelivery<FeedbackEvent> delivery) {
            this.delivery = delivery;
        }

        @Scheduled(fixedDelayString = "${exceed.feedback.events.relationship.interval}")
        void run() {
            try {
                delivery.runOnce();
            } catch (RuntimeException e) {
                log.warn("sending feedback summaries to customer-service failed; the next run retries", e);
            }
        }
    }
}
