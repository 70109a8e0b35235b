package io.exceed.customer.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.client.PlaybookTriggers;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.event.CustomerEvent;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.eventing.Leases;

/** Delivers the feed's orders, termination notices and stale expectations to followup-service's playbooks. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exceed.customer.events.playbooks.enabled", havingValue = "true")
public class PlaybookDeliveryConfiguration {

    @Bean
    FeedDelivery<CustomerEvent> playbookDelivery(MongoCustomerEventFeed feed, ServiceClients clients,
            CustomerStore customers, MongoDatabase database, DeadLetters deadLetters, CustomerProperties properties,
            Clock clock) {
        return new FeedDelivery<>(PlaybookTriggers.TARGET, feed.feed(), PlaybookTriggers::concernsPlaybooks,
                new PlaybookTriggers(clients, customers), database.getCollection(CustomerCollections.FEED_DELIVERIES),
                properties.events().playbooks().delivery(), deadLetters, Leases.newOwner(), clock);
    }
}
