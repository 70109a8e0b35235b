package io.exceed.feedback.config;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.storage.MongoErasedCustomers;
import io.exceed.eventing.DeadLetters;
import io.exceed.feedback.domain.erasure.CustomerErasure;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.store.MongoErasureStore;
import io.exceed.feedback.store.MongoRollups;

/** Pseudonymising an erased customer's feedback and refusing new feedback for them, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    @Bean
    MongoErasedCustomers erasedCustomers(MongoDatabase database, Clock clock) {
        return new MongoErasedCustomers(database, clock);
    }

    @Bean
    MongoErasureStore erasureStore(MongoDatabase database, MongoRollups rollups, DeadLetters deadLetters) {
        return new MongoErasureStore(database, rollups, deadLetters);
    }

    @Bean
    ErasedCustomerGuard erasedCustomerGuard(ErasedCustomers erased, ObjectProvider<CustomerDirectory> directory,
            MongoErasureStore store) {
        return new ErasedCustomerGuard(erased, directory.getIfAvailable(() -> CustomerDirectory.UNCHECKED), store);
    }

    @Bean
    CustomerErasure customerErasure(MongoErasureStore store, ErasedCustomers erased) {
        return new CustomerErasure(store, erased);
    }
}
