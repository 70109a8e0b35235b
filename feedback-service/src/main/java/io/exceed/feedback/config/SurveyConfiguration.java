package io.exceed.feedback.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.feedback.domain.response.ResponseStore;
import io.exceed.feedback.domain.response.Responses;
import io.exceed.feedback.domain.survey.SurveyStore;
import io.exceed.feedback.domain.survey.Surveys;
import io.exceed.feedback.store.MongoResponseStore;
import io.exceed.feedback.store.MongoSurveyStore;

/** Surveys and responses, on MongoDB. */
@Configuration(proxyBeanMethods = false)
public class SurveyConfiguration {

    @Bean
    SurveyStore surveyStore(MongoDatabase database) {
        return new MongoSurveyStore(database);
    }

    @Bean
    ResponseStore responseStore(MongoDatabase database) {
        return new MongoResponseStore(database);
    }

    @Bean
    Surveys surveys(SurveyStore store, Clock clock) {
        return new Surveys(store, clock);
    }

    @Bean
    Responses responses(ResponseStore store, Surveys surveys, Clock clock) {
        return new Responses(store, surveys, clock);
    }
}
