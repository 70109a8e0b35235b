package io.exceed.customer.config;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.client.CustomerViewSections;
import io.exceed.customer.client.RemoteErasurePart;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.Erasures;
import io.exceed.customer.store.MongoErasureStore;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.eventing.DeadLetters;

/**
 * Erasure across the services (feedback-service and followup-service through the shared client mechanism, with
 * pending parts retried in the background) and the 360 view's sections from those services.
 */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    @Bean
    Erasures erasures(Customers customers, MongoDatabase database, DeadLetters deadLetters, ServiceClients clients,
            Clock clock, ErasureProperties properties) {
        return new Erasures(customers, new MongoErasureStore(database, deadLetters),
                List.of(RemoteErasurePart.feedback(clients), RemoteErasurePart.followUps(clients)), clock,
                () -> UUID.randomUUID().toString(), properties.firstBackoff(), properties.maxBackoff());
    }

    @Bean
    CustomerViewSections customerViewSections(ServiceClients clients) {
        return new CustomerViewSections(clients);
    }
}
