package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyServiceGrpc;

/**
 * What submitting a response costs the store, command by command: on the embedded store each round trip waits its
 * turn, so the submit rate is about the store's command rate divided by this count. A change that adds a round trip
 * to the write path shows here first.
 */
@Import(SubmitStoreCommandsTest.Recording.class)
class SubmitStoreCommandsTest extends FeedbackServiceTestBase {

    private static final List<String> COMMANDS = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Recording {

        @Bean
        CommandListener recordingCommandListener() {
            return new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommand().get(event.getCommandName()) instanceof org.bson.BsonString collection) {
                        COMMANDS.add(event.getCommandName() + " " + collection.getValue());
                    }
                }
            };
        }
    }

    @Test
    void aDetractorsResponseIsStoredInEightCommandsWithBothItsEventsReservedAtOnce() {
        String tenant = newTenant();
        SurveyServiceGrpc.SurveyServiceBlockingStub surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        Survey created = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build());
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(created.getId()).build());
        // The survey is read once and then cached; the first response's rollup shard is created.
        submit(tenant, created.getId(), 9);
        COMMANDS.clear();

        submit(tenant, created.getId(), 3);

        assertThat(COMMANDS).containsExactly(
                "find erased_customers",
                "findAndModify feedback_event_sequences",
                "insert feedback_events",
                "insert responses",
                "update recovery_rollups",
                "update response_rollups",
                "update responses",
                "find erased_customers");
    }

    private void submit(String tenant, String surveyId, int nps) {
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId("c-1")
                        .addAnswers(score("nps", nps)).addAnswers(score("csat", 4)).putSegment("region", "nordics"))
                .build());
    }
}
