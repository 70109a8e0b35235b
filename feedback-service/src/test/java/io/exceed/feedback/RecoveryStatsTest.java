package io.exceed.feedback;

import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.GetRecoveryStatsRequest;
import io.exceed.feedback.v1.GetRecoveryStatsResponse;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.testing.MutableClock;

/** The rescue rate: detractors in the window who answered 7 or more afterwards, worked out by hand. */
class RecoveryStatsTest extends FeedbackServiceTestBase {

    private static final Instant NOW = MutableClock.DEFAULT_NOW;
    private static final Instant START = NOW.minus(Duration.ofDays(30));

    private String publishedSurvey(String tenant) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String id = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
        return id;
    }

    private void respond(String tenant, String surveyId, String customerId, int nps, Instant at) {
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .setSubmitTime(timestamp(at)).addAnswers(score("nps", nps)))
                .build());
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private GetRecoveryStatsResponse stats(String tenant, Instant start, Instant end) {
        return as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel)).getRecoveryStats(
                GetRecoveryStatsRequest.newBuilder().setStartTime(timestamp(start)).setEndTime(timestamp(end)).build());
    }

    private static Instant day(int day) {
        return START.plus(Duration.ofDays(day));
    }

    @Test
    void detractorsWhoLaterAnswerSevenOrMoreAreRescued() {
        String tenant = newTenant();
        String survey = publishedSurvey(tenant);
        respond(tenant, survey, "rescued", 3, day(1));
        respond(tenant, survey, "rescued", 8, day(5));
        respond(tenant, survey, "rescued-twice-counted-once", 2, day(2));
        respond(tenant, survey, "rescued-twice-counted-once", 9, day(3));
        respond(tenant, survey, "rescued-twice-counted-once", 4, day(4));
        respond(tenant, survey, "rescued-twice-counted-once", 10, day(6));
        respond(tenant, survey, "still-unhappy", 6, day(2));
        respond(tenant, survey, "still-unhappy", 5, day(8));
        respond(tenant, survey, "good-before-bad", 9, day(1));
        respond(tenant, survey, "good-before-bad", 1, day(9));
        respond(tenant, survey, "never-a-detractor", 7, day(3));

        GetRecoveryStatsResponse stats = stats(tenant, START, NOW);

        assertThat(stats.getDetractorCount()).isEqualTo(4);
        assertThat(stats.getRescuedCount()).isEqualTo(2);
        assertThat(stats.getRescueRate()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void onlyAnswersInsideTheWindowCount() {
        String tenant = newTenant();
        String survey = publishedSurvey(tenant);
        respond(tenant, survey, "c-1", 3, day(-2));
        respond(tenant, survey, "c-1", 9, day(2));
        respond(tenant, survey, "c-2", 3, day(2));
        respond(tenant, survey, "c-2", 9, day(12));

        GetRecoveryStatsResponse stats = stats(tenant, START, day(10));

        assertThat(stats.getDetractorCount()).as("c-1's detractor answer is before the window").isEqualTo(1);
        assertThat(stats.getRescuedCount()).as("c-2's good answer is after the window").isZero();
        assertThat(stats.getRescueRate()).isZero();
    }

    @Test
    void withoutDetractorsThereIsNoRateAndAnotherTenantsAnswersNeverCount() {
        String tenant = newTenant();
        String other = newTenant();
        String survey = publishedSurvey(other);
        respond(other, survey, "c-1", 3, day(1));
        respond(other, survey, "c-1", 9, day(2));

        GetRecoveryStatsResponse stats = stats(tenant, START, NOW);

        assertThat(stats.getDetractorCount()).isZero();
        assertThat(stats.hasRescueRate()).isFalse();
        assertThat(stats(other, START, NOW).getRescuedCount()).isEqualTo(1);
    }

    @Test
    void aBadWindowNamesTheField() {
        var analytics = as(newTenant(), FeedbackAnalyticsServiceGrpc.newBlockingStub(channel));
        assertInvalid(() -> analytics.getRecoveryStats(GetRecoveryStatsRequest.getDefaultInstance()),
                "start_time", "end_time");
        assertInvalid(() -> analytics.getRecoveryStats(GetRecoveryStatsRequest.newBuilder()
                .setStartTime(timestamp(NOW)).setEndTime(timestamp(START)).build()), "end_time");
        assertInvalid(() -> analytics.getRecoveryStats(GetRecoveryStatsRequest.newBuilder()
                .setStartTime(timestamp(NOW.minus(Duration.ofDays(401)))).setEndTime(timestamp(NOW)).build()),
                "end_time");
    }
}
