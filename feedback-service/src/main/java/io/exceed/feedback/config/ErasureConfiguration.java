package io.exceed.feedback.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.erasure.CustomerErasure;
import io.exceed.feedback.store.MongoErasureStore;

/** Pseudonymising an erased customer's feedback, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    @Bean
    CustomerErasure customerErasure(MongoDatabase database) {
        return new CustomerErasure(new MongoErasureStore(database));
    }
}
