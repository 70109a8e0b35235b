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
import io.exceed.feedback.client.PlaybookEvaluations;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.response.RecoveryPromises;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEventFeed;

/** Delivers the feed's complaint and response events to followup-service's playbooks, from every replica. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exceed.feedback.events.playbooks.enabled", havingValue = "true")
public class PlaybookDeliveryConfiguration {

    @Bean
    FeedDelivery<FeedbackEvent> playbookDelivery(MongoEventFeed feed, ServiceClients clients, MongoDatabase database,
            DeadLetters deadLetters, FeedbackProperties properties, Clock clock) {
        String replica = Leases.newOwner();
        return new FeedDelivery<>(PlaybookEvaluations.TARGET, feed.feed(), PlaybookEvaluations::concernsPlaybooks,
                new PlaybookEvaluations(clients), database.getCollection(FeedbackCollections.FEED_DELIVERIES),
                properties.events().playbooks().delivery(), deadLetters, replica, clock);
    }

    /** Only where playbooks get the events: a promise is told only when a follow-up will be scheduled. */
    @Bean
    RecoveryPromises recoveryPromises(ServiceClients clients) {
        return new PlaybookEvaluations(clients);
    }
}
