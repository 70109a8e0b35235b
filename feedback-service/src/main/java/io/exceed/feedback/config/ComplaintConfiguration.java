package io.exceed.feedback.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.complaint.AcknowledgementTemplates;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.complaint.Complaints;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.store.ComplaintRollups;
import io.exceed.feedback.store.MongoComplaintStore;
import io.exceed.feedback.store.MongoEventFeed;

/** Complaint intake and lifecycle, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class ComplaintConfiguration {

    /** Also the OpenComplaints check that holds relationship surveys. */
    @Bean
    MongoComplaintStore complaintStore(MongoDatabase database, MongoEventFeed events, ComplaintRollups rollups) {
        return new MongoComplaintStore(database, events.outbox(), rollups);
    }

    @Bean
    Complaints complaints(ComplaintStore store, ErasedCustomerGuard erased, FeedbackProperties properties,
            Clock clock) {
        FeedbackProperties.Acknowledgements acknowledgements = properties.acknowledgements();
        return new Complaints(store, new AcknowledgementTemplates(acknowledgements.defaultLanguage(),
                acknowledgements.templates()), erased, clock);
    }
}
