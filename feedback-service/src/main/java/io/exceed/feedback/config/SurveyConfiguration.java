package io.exceed.feedback.config;

import java.time.Clock;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.feedback.client.CustomerContactGovernor;
import io.exceed.feedback.client.CustomerExpectationSnapshots;
import io.exceed.feedback.domain.complaint.OpenComplaints;
import io.exceed.feedback.domain.erasure.ErasedCustomerGuard;
import io.exceed.feedback.domain.outbound.OutboundMessages;
import io.exceed.feedback.domain.response.ContactGovernor;
import io.exceed.feedback.domain.response.ExpectationSnapshots;
import io.exceed.feedback.domain.response.InvitationStore;
import io.exceed.feedback.domain.response.Invitations;
import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.response.Responses;
import io.exceed.feedback.domain.survey.PublishedVersions;
import io.exceed.feedback.domain.survey.SurveyStore;
import io.exceed.feedback.domain.survey.Surveys;
import io.exceed.feedback.store.MongoInvitationStore;
import io.exceed.feedback.store.MongoEventFeed;
import io.exceed.feedback.store.MongoResponseStore;
import io.exceed.feedback.store.MongoRollups;
import io.exceed.feedback.store.MongoSurveyStore;

/** Surveys, invitations and responses, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class SurveyConfiguration {

    @Bean
    SurveyStore surveyStore(MongoDatabase database) {
        return new MongoSurveyStore(database);
    }

    @Bean
    ResponseStore responseStore(MongoDatabase database, MongoEventFeed events, MongoRollups rollups) {
        return new MongoResponseStore(database, events.outbox(), rollups);
    }

    @Bean
    Surveys surveys(SurveyStore store, FeedbackProperties properties, Clock clock) {
        FeedbackProperties.SurveyVersions cache = properties.surveyVersions();
        return new Surveys(store, new PublishedVersions(cache.cacheSize(), cache.latestTtl()), clock);
    }

    @Bean
    Responses responses(ResponseStore store, Surveys surveys, ServiceClients clients, ErasedCustomerGuard erased,
            FeedbackProperties properties, Clock clock) {
        ExpectationSnapshots snapshots = properties.expectationSnapshots().enabled()
                ? new CustomerExpectationSnapshots(clients) : ExpectationSnapshots.NONE;
        return new Responses(store, surveys, snapshots, erased, clock);
    }

    @Bean
    InvitationStore invitationStore(MongoDatabase database) {
        return new MongoInvitationStore(database);
    }

    @Bean
    Invitations invitations(InvitationStore store, Surveys surveys, Responses responses, OpenComplaints openComplaints,
            ObjectProvider<ContactGovernor> governors, ServiceClients clients, ErasedCustomerGuard erased,
            OutboundMessages mail, FeedbackProperties properties, Clock clock) {
        Optional<ContactGovernor> governor = properties.contactGovernor().enabled()
                ? Optional.of(governors.getIfAvailable(() -> new CustomerContactGovernor(clients)))
                : Optional.empty();
        return new Invitations(store, surveys, responses, openComplaints, governor, erased, mail,
                properties.invitations().defaultLifetime(), properties.invitations().maxLifetime(), clock);
    }
}
