package io.exceed.customer.config;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.client.CustomerViewSections;
import io.exceed.customer.client.RemoteErasurePart;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.Erasures;
import io.exceed.customer.store.MongoErasureStore;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.storage.ExactKeyIndexes;

/**
 * Erasure across the services (feedback-service and followup-service through the shared client mechanism, with
 * pending parts retried in the background) and the 360 view's sections from those services.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ErasureConfiguration {

    @Bean
    Erasures erasures(Customers customers, MongoDatabase database, ExactKeyIndexes indexes, ServiceClients clients,
            Clock clock, ErasureProperties properties) {
        return new Erasures(customers, new MongoErasureStore(database, indexes),
                List.of(RemoteErasurePart.feedback(clients), RemoteErasurePart.followUps(clients)), clock,
                () -> UUID.randomUUID().toString(), properties.firstBackoff(), properties.maxBackoff());
    }

    @Bean
    ErasureRetries erasureRetries(Erasures erasures, ErasureProperties properties) {
        return new ErasureRetries(erasures, properties);
    }

    @Bean
    CustomerViewSections customerViewSections(ServiceClients clients) {
        return new CustomerViewSections(clients);
    }

    /** Retries pending erasure parts on every replica at a fixed pace; a failed run is retried by the next one. */
    static class ErasureRetries {

        private static final Logger log = LoggerFactory.getLogger(ErasureRetries.class);

        private final Erasures erasures;
        private final ErasureProperties properties;
        private final String replica = System.getenv().getOrDefault("HOSTNAME", "local") + "-" + UUID.randomUUID();

        ErasureRetries(Erasures erasures, ErasureProperties properties) {
            this.erasures = erasures;
            this.properties = properties;
        }

        @Scheduled(fixedDelayString = "${exceed.customer.erasure.retry-interval:5s}")
        void run() {
            try {
                int leased;
                do {
                    leased = erasures.retryDue(replica, properties.lease(), properties.batch());
                } while (leased == properties.batch());
            } catch (RuntimeException e) {
                log.warn("retrying pending erasures failed; the next run retries", e);
            }
        }
    }
}
