package io.exceed.followup.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.eventing.DeadLetters;
import io.exceed.followup.api.FollowUpEventMapper;
import io.exceed.followup.domain.erasure.CustomerErasure;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.store.MongoErasureStore;

/** Cancelling and scrubbing an erased customer's follow-ups, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    @Bean
    MongoErasureStore erasureStore(MongoDatabase database, DeadLetters deadLetters) {
        return new MongoErasureStore(database, deadLetters, FollowUpEventMapper::toJson);
    }

    @Bean
    CustomerErasure customerErasure(FollowUps followUps, MongoErasureStore store, ErasedCustomers erased) {
        return new CustomerErasure(followUps, store, erased);
    }
}
