package io.exceed.customer.config;

import java.time.Clock;
import java.time.LocalTime;
import java.util.function.Supplier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.customer.domain.ContactBudget;
import io.exceed.customer.domain.ContactGovernor;
import io.exceed.customer.domain.ContactPolicy;
import io.exceed.customer.domain.ContactStore;
import io.exceed.customer.domain.Contacts;
import io.exceed.customer.domain.CustomerStore;
import io.exceed.customer.domain.Customers;
import io.exceed.customer.domain.ExpectationStore;
import io.exceed.customer.domain.Expectations;
import io.exceed.customer.domain.QuietHours;
import io.exceed.customer.domain.Reachability;
import io.exceed.customer.domain.Relationships;
import io.exceed.customer.domain.Timeline;
import io.exceed.customer.domain.TimelineStore;
import io.exceed.customer.store.CustomerCollections;
import io.exceed.customer.store.MongoContactStore;
import io.exceed.customer.store.MongoCustomerEventFeed;
import io.exceed.customer.store.MongoCustomerStore;
import io.exceed.customer.store.MongoExpectationStore;
import io.exceed.customer.store.MongoTimelineStore;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.storage.IndexDeclarations;

/** Wires the domain to its MongoDB stores, the clock and the settings. */
@Configuration(proxyBeanMethods = false)
public class CustomerConfiguration {

    private static final Supplier<String> IDS = TimeOrderedIds::next;

    /** Every index of the database, declared in one place and created at start-up. */
    @Bean
    IndexDeclarations customerIndexes() {
        return CustomerCollections::createIndexes;
    }

    @Bean
    CustomerStore customerStore(MongoDatabase database, MongoCustomerEventFeed events) {
        return new MongoCustomerStore(database, events.outbox());
    }

    @Bean
    ExpectationStore expectationStore(MongoDatabase database) {
        return new MongoExpectationStore(database);
    }

    @Bean
    TimelineStore timelineStore(MongoDatabase database, MongoCustomerEventFeed events) {
        return new MongoTimelineStore(database, events.outbox());
    }

    @Bean
    ContactStore contactStore(MongoDatabase database) {
        return new MongoContactStore(database);
    }

    @Bean
    Customers customers(CustomerStore customers, ExpectationStore expectations, TimelineStore timeline,
            ContactStore contacts, Clock clock) {
        return new Customers(customers, expectations, timeline, contacts, clock, IDS);
    }

    @Bean
    Expectations expectations(Customers customers, CustomerStore customerStore, ExpectationStore snapshots, Clock clock,
            CustomerProperties properties) {
        return new Expectations(customers, customerStore, snapshots, clock, IDS, properties.staleExpectationsAfter());
    }

    @Bean
    Timeline timeline(Customers customers, TimelineStore events, Clock clock) {
        return new Timeline(customers, events, clock, IDS);
    }

    @Bean
    Reachability reachability(Customers customers, CustomerStore store, TimelineStore timeline, Clock clock) {
        return new Reachability(customers, store, timeline, clock, IDS);
    }

    @Bean
    Relationships relationships(Customers customers, CustomerStore store, Clock clock) {
        return new Relationships(customers, store, clock, IDS);
    }

    @Bean
    Contacts contacts(Customers customers, ContactStore store, Clock clock, CustomerProperties properties) {
        ContactPolicy policy = new ContactPolicy(
                new QuietHours(LocalTime.parse(properties.defaultQuietHours().start()),
                        LocalTime.parse(properties.defaultQuietHours().end())),
                new ContactBudget(properties.defaultContactBudget().maxContacts(),
                        properties.defaultContactBudget().period()));
        return new Contacts(customers, store, new ContactGovernor(policy), clock, IDS);
    }
}
