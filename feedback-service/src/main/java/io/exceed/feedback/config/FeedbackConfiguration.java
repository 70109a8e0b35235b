package io.exceed.feedback.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.complaint.OpenComplaints;
import io.exceed.feedback.store.MongoOpenComplaints;

/** Wiring shared by the survey and complaint parts of the service. */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {

    @Bean
    OpenComplaints openComplaints(MongoDatabase database) {
        return new MongoOpenComplaints(database);
    }
}
