package io.exceed.customer.config;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.client.PlaybookTriggers;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.eventing.FeedDelivery;

/** Delivers the feed's orders, termination notices and stale expectations to followup-service's playbooks. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exceed.customer.events.playbooks.enabled", havingValue = "true")
public class PlaybookDeliveryConfiguration {

    @Bean
    FeedDelivery<CustomerEvent> playbookDelivery(MongoCustomerEventFeed feed, ServiceClients clients,
            CustomerStore customers, MongoDatabase database, CustomerProperties properties, Clock clock) {
        return new FeedDelivery<>(PlaybookTriggers.TARGET, feed.feed(), PlaybookTriggers::concernsPlaybooks,
                new PlaybookTriggers(clients, customers), database.getCollection(CustomerCollections.FEED_DELIVERIES),
                properties.events().playbooks().delivery(), Replicas.id(), clock);
    }

    @Bean
    PlaybookDeliveryRunner playbookDeliveryRunner(FeedDelivery<CustomerEvent> playbookDelivery) {
        return new PlaybookDeliveryRunner(playbookDelivery);
    }

    /** Runs the delivery at a fixed pace; a failed run is retried by the next one. */
    static final class PlaybookDeliveryRunner {

        private static final Logger log = LoggerFactory.getLogger(PlaybookDeliveryRunner.class);

        private final FeedDelivery<CustomerEvent> delivery;

        PlaybookDeliveryRunner(FeedDelivery<CustomerEvent> delivery) {
            this.delivery = delivery;
        }

        @Scheduled(fixedDelayString = "${exceed.customer.events.playbooks.interval}")
        void run() {
            try {
                delivery.runOnce();
            } catch (RuntimeException e) {
                log.warn("delivering customer events to playbooks failed; the next run retries", e);
            }
        }
    }
}
