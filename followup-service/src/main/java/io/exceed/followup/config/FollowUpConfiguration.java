package io.exceed.followup.config;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.storage.IndexDeclarations;
import io.exceed.defaults.storage.MongoErasedCustomers;
import io.exceed.followup.domain.followup.FollowUpStore;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.store.FollowUpCollections;
import io.exceed.followup.store.MongoFollowUpStore;

/** Follow-ups and their lifecycle, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class FollowUpConfiguration {

    /** Every index of the database, declared in one place and created at start-up. */
    @Bean
    IndexDeclarations followUpIndexes() {
        return FollowUpCollections::createIndexes;
    }

    @Bean
    MongoFollowUpStore followUpStore(MongoDatabase database) {
        return new MongoFollowUpStore(database);
    }

    @Bean
    MongoErasedCustomers erasedCustomers(MongoDatabase database, Clock clock) {
        return new MongoErasedCustomers(database, clock);
    }

    @Bean
    FollowUps followUps(FollowUpStore store, ErasedCustomers erased, ObjectProvider<CustomerDirectory> directory,
            FollowUpProperties properties, Clock clock) {
        FollowUpProperties.QuietHours quiet = properties.defaultQuietHours();
        return new FollowUps(store, erased, directory.getIfAvailable(() -> CustomerDirectory.UNCHECKED),
                quiet.start(), quiet.end(), clock);
    }
}
