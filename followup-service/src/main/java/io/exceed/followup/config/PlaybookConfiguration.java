package io.exceed.followup.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.followup.client.CustomerProfiles;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.playbook.DefaultPlaybooks;
import io.exceed.followup.domain.playbook.PlaybookStore;
import io.exceed.followup.domain.playbook.Playbooks;
import io.exceed.followup.store.MongoPlaybookStore;

/** Playbooks on MongoDB, with the shipped defaults each tenant starts with. */
@Configuration(proxyBeanMethods = false)
public class PlaybookConfiguration {

    @Bean
    CustomerProfiles customerProfiles(ServiceClients clients) {
        return new CustomerProfiles(clients);
    }

    @Bean
    MongoPlaybookStore playbookStore(MongoDatabase database) {
        return new MongoPlaybookStore(database);
    }

    @Bean
    Playbooks playbooks(PlaybookStore store, FollowUps followUps, FollowUpProperties properties, Clock clock) {
        FollowUpProperties.Playbooks settings = properties.playbooks();
        return new Playbooks(store, followUps, DefaultPlaybooks.definitions(settings.largeOrderThreshold()),
                settings.defaultQueue(), settings.defaultCalendarTimeZone(), clock);
    }
}
