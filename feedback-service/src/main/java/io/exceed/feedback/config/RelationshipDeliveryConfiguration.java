package io.exceed.feedback.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.Leases;
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
            MongoDatabase database, DeadLetters deadLetters, Analytics analytics, FeedbackProperties properties,
            Clock clock) {
        String replica = Leases.newOwner();
        return new FeedDelivery<>(RelationshipUpdates.CONSUMER, feed.feed(), RelationshipUpdates::concernsRelationship,
                new RelationshipUpdates(clients, analytics, clock),
                database.getCollection(FeedbackCollections.FEED_DELIVERIES),
                properties.events().relationship().delivery(), deadLetters, replica, clock);
    }
}
