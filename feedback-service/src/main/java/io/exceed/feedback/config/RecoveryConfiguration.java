package io.exceed.feedback.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.DomainException;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.Leases;
import io.exceed.feedback.domain.complaint.Complaints;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.recovery.Recoveries;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.survey.Surveys;
import io.exceed.feedback.store.FeedbackCollections;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.MongoRecoverySurveyStore;

/**
 * Recovery measured: resolutions in the feed schedule recovery surveys, a runner issues them when due, and
 * detractor answers to them reopen the complaint. Runs on every replica; leases and cursors share the work.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exceed.feedback.recovery.enabled", havingValue = "true")
public class RecoveryConfiguration {

    private static final String CONSUMER = "recovery-surveys";

    @Bean
    Recoveries recoveries(MongoDatabase database, Surveys surveys, Invitations invitations, Complaints complaints,
            ResponseStore responses, FeedbackProperties properties, Clock clock) {
        FeedbackProperties.Recovery recovery = properties.recovery();
        return new Recoveries(new MongoRecoverySurveyStore(database, Leases.newOwner()), surveys, invitations,
                complaints, responses, new Recoveries.Settings(recovery.delay(), recovery.channel(),
                        recovery.retryAfter(), recovery.lease()), clock);
    }

    @Bean
    FeedDelivery<FeedbackEvent> recoveryDelivery(MongoEventFeed feed, Recoveries recoveries, MongoDatabase database,
            DeadLetters deadLetters, FeedbackProperties properties, Clock clock) {
        FeedDelivery.Consumer<FeedbackEvent> consumer = (tenant, event) -> {
            try {
                recoveries.onEvent(tenant, event);
            } catch (DomainException refused) {
                if (ErasedCustomers.isRefusal(refused)) {
                    // The customer was erased meanwhile: there is nobody to ask, and the refusal names them.
                    return;
                }
                throw new DeadLetters.Refused("recovery: event " + event.id() + " refused: " + refused.getMessage(),
                        event.customerId(), refused);
            }
        };
        return new FeedDelivery<>(CONSUMER, feed.feed(), Recoveries::concernsRecovery, consumer,
                database.getCollection(FeedbackCollections.FEED_DELIVERIES), properties.recovery().delivery(),
                deadLetters, Leases.newOwner(), clock);
    }
}
