package io.exceed.feedback;

import static io.exceed.feedback.ComplaintFixtures.complaint;
import static io.exceed.feedback.ComplaintFixtures.withRootCause;
import static io.exceed.feedback.ComplaintFixtures.withoutSystemicCause;
import static io.exceed.feedback.SurveyFixtures.score;
import static io.exceed.feedback.SurveyFixtures.survey;
import static io.exceed.testing.GrpcErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.feedback.v1.Answer;
import io.exceed.feedback.v1.CategoryCount;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.CreateResponseRequest;
import io.exceed.feedback.v1.CreateSurveyRequest;
import io.exceed.feedback.v1.CustomerFeedbackSummary;
import io.exceed.feedback.v1.DimensionDriver;
import io.exceed.feedback.v1.ExpectedLevel;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceBlockingStub;
import io.exceed.feedback.v1.GetComplaintParetoRequest;
import io.exceed.feedback.v1.GetComplaintParetoResponse;
import io.exceed.feedback.v1.GetCustomerFeedbackSummaryRequest;
import io.exceed.feedback.v1.GetDriverAnalysisRequest;
import io.exceed.feedback.v1.GetDriverAnalysisResponse;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.Granularity;
import io.exceed.feedback.v1.PublishSurveyRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.exceed.feedback.v1.Response;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.Scores;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.Trend;
import io.exceed.testing.MutableClock;

/** Scores against figures worked out by hand on small seeded sets, recorded through the real API. */
class AnalyticsTest extends FeedbackServiceTestBase {

    private static final Instant NOW = MutableClock.DEFAULT_NOW;
    private static final Instant WEEK_AGO = NOW.minus(Duration.ofDays(7));

    private FeedbackAnalyticsServiceBlockingStub analytics(String tenant) {
        return as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel));
    }

    /** Reads of the tenant's responses in the store, of whatever kind. */
    private long responseReads(String tenant) {
        return Stream.of("find", "count", "aggregate")
                .mapToLong(command -> storeCommands.count(command, "responses", tenant)).sum();
    }

    private String publishedSurvey(String tenant) {
        var surveys = as(tenant, SurveyServiceGrpc.newBlockingStub(channel));
        String id = surveys.createSurvey(CreateSurveyRequest.newBuilder().setSurvey(survey()).build()).getId();
        surveys.publishSurvey(PublishSurveyRequest.newBuilder().setSurveyId(id).build());
        return id;
    }

    private void respond(String tenant, String surveyId, String customerId, Instant at, List<Answer> answers,
            ExpectedLevel... expectations) {
        as(tenant, SurveyServiceGrpc.newBlockingStub(channel)).createResponse(CreateResponseRequest.newBuilder()
                .setResponse(Response.newBuilder().setSurveyId(surveyId).setCustomerId(customerId)
                        .setSubmitTime(timestamp(at)).addAllAnswers(answers).addAllExpectations(List.of(expectations))
                        .putSegment("region", customerId.startsWith("se") ? "nordics" : "dach"))
                .build());
    }

    private static ExpectedLevel expects(ServiceDimension dimension, int level) {
        return ExpectedLevel.newBuilder().setDimension(dimension).setLevel(level).build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static ResponseFilter.Builder window(Instant start, Instant end) {
        return ResponseFilter.newBuilder().setStartTime(timestamp(start)).setEndTime(timestamp(end));
    }

    private Scores total(String tenant, ResponseFilter.Builder filter) {
        return analytics(tenant).getScores(GetScoresRequest.newBuilder().setFilter(filter).build()).getTotal();
    }

    private static final ServiceDimension RELIABILITY = ServiceDimension.SERVICE_DIMENSION_RELIABILITY;
    private static final ServiceDimension COURTESY = ServiceDimension.SERVICE_DIMENSION_COURTESY;

    @Test
    void scoresMatchTheFiguresWorkedOutByHand() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Instant at = NOW.minus(Duration.ofHours(1));
        respond(tenant, surveyId, "se-1", at, List.of(score("nps", 10), score("csat", 5), score("ces", 2),
                score("reliability", 80)), expects(RELIABILITY, 70));
        respond(tenant, surveyId, "se-2", at, List.of(score("nps", 9), score("csat", 4), score("ces", 3),
                score("reliability", 60)), expects(RELIABILITY, 60));
        respond(tenant, surveyId, "se-3", at, List.of(score("nps", 8), score("csat", 3), score("ces", 7),
                score("reliability", 50), score("courtesy", 90)), expects(RELIABILITY, 70));
        respond(tenant, surveyId, "de-4", at, List.of(score("nps", 7), score("csat", 1)));
        respond(tenant, surveyId, "de-5", at, List.of(score("nps", 6)));
        respond(tenant, surveyId, "de-6", at, List.of(score("nps", 0)));
        respond(tenant, surveyId, "de-7", at, List.of(score("nps", 10)));

        Scores scores = total(tenant, window(WEEK_AGO, NOW));
        assertThat(scores.getResponseCount()).isEqualTo(7);
        // Promoters 10, 9, 10; passives 8, 7; detractors 6, 0: NPS = 100 * (3 - 2) / 7.
        assertThat(scores.getNps().getPromoters()).isEqualTo(3);
        assertThat(scores.getNps().getPassives()).isEqualTo(2);
        assertThat(scores.getNps().getDetractors()).isEqualTo(2);
        assertThat(scores.getNps().getScore()).isCloseTo(100.0 / 7, within(1e-9));
        // CSAT 5, 4, 3, 1: two of four satisfied.
        assertThat(scores.getCsat().getCount()).isEqualTo(4);
        assertThat(scores.getCsat().getScore()).isEqualTo(50.0);
        // CES 2, 3, 7: mean 4.
        assertThat(scores.getCes().getMean()).isEqualTo(4.0);
        // Reliability gaps +10, 0, -20 (courtesy was rated but never expected, so it has no gap).
        assertThat(scores.getGapsList()).hasSize(1);
        var reliability = scores.getGaps(0);
        assertThat(reliability.getDimension()).isEqualTo(RELIABILITY);
        assertThat(reliability.getCount()).isEqualTo(3);
        assertThat(reliability.getMeanGap()).isCloseTo(-10.0 / 3, within(1e-9));
        assertThat(reliability.getMeanPerceived()).isCloseTo(190.0 / 3, within(1e-9));
        assertThat(reliability.getMeanExpected()).isCloseTo(200.0 / 3, within(1e-9));
        assertThat(reliability.getExceededCount()).isEqualTo(1);
        assertThat(reliability.getExceededRate()).isCloseTo(1.0 / 3, within(1e-9));

        Scores nordics = total(tenant, window(WEEK_AGO, NOW).putSegment("region", "nordics"));
        assertThat(nordics.getResponseCount()).isEqualTo(3);
        assertThat(nordics.getNps().getScore()).as("10, 9 promoters, 8 passive").isCloseTo(200.0 / 3, within(1e-9));
        assertThat(total(tenant, window(WEEK_AGO, NOW).setSurveyId("other")).getResponseCount()).isZero();
        assertThat(total(tenant, window(WEEK_AGO, NOW).addDimensions(COURTESY)).getGapsList()).isEmpty();
    }

    @Test
    void edgeCasesNoAnswersAllPassivesATieAllPromoters() {
        String tenant = newTenant();
        Scores none = total(tenant, window(WEEK_AGO, NOW));
        assertThat(none.getResponseCount()).isZero();
        assertThat(none.getNps().hasScore()).as("no answers: no score, not 0").isFalse();
        assertThat(none.getCsat().hasScore()).isFalse();
        assertThat(none.getCes().hasMean()).isFalse();

        String surveyId = publishedSurvey(tenant);
        Instant day1 = NOW.minus(Duration.ofDays(3));
        Instant day2 = NOW.minus(Duration.ofDays(2));
        Instant day3 = NOW.minus(Duration.ofDays(1));
        respond(tenant, surveyId, "c-1", day1, List.of(score("nps", 7)));
        respond(tenant, surveyId, "c-2", day1, List.of(score("nps", 8)));
        respond(tenant, surveyId, "c-3", day2, List.of(score("nps", 9)));
        respond(tenant, surveyId, "c-4", day2, List.of(score("nps", 3)));
        respond(tenant, surveyId, "c-5", day3, List.of(score("nps", 10)));

        assertThat(total(tenant, window(day1, day2)).getNps().getScore()).as("all passives").isEqualTo(0.0);
        assertThat(total(tenant, window(day2, day3)).getNps().getScore()).as("one promoter, one detractor")
                .isEqualTo(0.0);
        assertThat(total(tenant, window(day3, NOW)).getNps().getScore()).as("all promoters").isEqualTo(100.0);
        assertThat(total(tenant, window(day3, NOW)).getCsat().hasScore()).as("no CSAT asked").isFalse();
        assertThat(total(tenant, window(day1, day3)).getResponseCount()).as("start counted, end not").isEqualTo(4);
    }

    @Test
    void bucketsFollowTheCalendarAndIncludeEmptyPeriods() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Instant sundayNight = Instant.parse("2026-03-01T23:59:59Z");
        Instant mondayMidnight = Instant.parse("2026-03-02T00:00:00Z");
        Instant february28 = Instant.parse("2026-02-28T10:00:00Z");
        respond(tenant, surveyId, "c-1", sundayNight, List.of(score("nps", 10)));
        respond(tenant, surveyId, "c-2", mondayMidnight, List.of(score("nps", 0)));
        respond(tenant, surveyId, "c-3", february28, List.of(score("nps", 9)));

        GetScoresResponse weeks = analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(Instant.parse("2026-02-18T12:00:00Z"), NOW))
                .setGranularity(Granularity.GRANULARITY_WEEK).build());
        assertThat(weeks.getBucketsList()).extracting(b -> Instant.ofEpochSecond(b.getStartTime().getSeconds()))
                .containsExactly(Instant.parse("2026-02-16T00:00:00Z"), Instant.parse("2026-02-23T00:00:00Z"),
                        Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(weeks.getBucketsList()).extracting(b -> b.getScores().getResponseCount()).containsExactly(0L, 2L, 1L);
        assertThat(weeks.getBuckets(0).getScores().getNps().hasScore()).isFalse();
        assertThat(weeks.getBuckets(2).getScores().getNps().getScore()).isEqualTo(-100.0);
        assertThat(weeks.getTotal().getResponseCount()).isEqualTo(3);

        GetScoresResponse months = analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(Instant.parse("2026-01-15T00:00:00Z"), NOW))
                .setGranularity(Granularity.GRANULARITY_MONTH).build());
        assertThat(months.getBucketsList()).extracting(b -> Instant.ofEpochSecond(b.getEndTime().getSeconds()))
                .containsExactly(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"),
                        Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(months.getBucketsList()).extracting(b -> b.getScores().getResponseCount()).containsExactly(0L, 1L, 2L);

        GetScoresResponse days = analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(Instant.parse("2026-03-01T00:00:00Z"), NOW))
                .setGranularity(Granularity.GRANULARITY_DAY).build());
        assertThat(days.getBucketsList()).extracting(b -> b.getScores().getResponseCount()).containsExactly(1L, 1L);
        assertThat(analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW)).build()).getBucketsList()).as("no granularity: total only").isEmpty();
    }

    @Test
    void driverAnalysisFindsTheDimensionThatMovesNps() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        Instant at = NOW.minus(Duration.ofHours(1));
        // 33 responses: NPS k = 0..10 three times; the reliability gap is 4k - 20 (r = 1, slope 1/4); the courtesy
        // gap is the repetition index - 1, unrelated to k (r = 0, slope 0).
        for (int repetition = 0; repetition < 3; repetition++) {
            for (int k = 0; k <= 10; k++) {
                respond(tenant, surveyId, "c-" + repetition + "-" + k, at, List.of(score("nps", k),
                        score("reliability", 50 + 4 * k - 20), score("courtesy", 50 + repetition - 1)),
                        expects(RELIABILITY, 50), expects(COURTESY, 50));
            }
        }
        GetDriverAnalysisResponse analysis = analytics(tenant).getDriverAnalysis(GetDriverAnalysisRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW)).build());
        assertThat(analysis.getMinimumSampleSize()).isEqualTo(30);
        assertThat(analysis.getDriversList()).extracting(DimensionDriver::getDimension)
                .containsExactly(RELIABILITY, COURTESY);
        DimensionDriver reliability = analysis.getDrivers(0);
        assertThat(reliability.getSampleSize()).isEqualTo(33);
        assertThat(reliability.getSufficient()).isTrue();
        assertThat(reliability.getCorrelation()).isCloseTo(1.0, within(1e-9));
        assertThat(reliability.getSlope()).isCloseTo(0.25, within(1e-9));
        assertThat(analysis.getDrivers(1).getCorrelation()).isCloseTo(0.0, within(1e-9));
        assertThat(analysis.getDrivers(1).getSlope()).isCloseTo(0.0, within(1e-9));

        GetDriverAnalysisResponse few = analytics(tenant).getDriverAnalysis(GetDriverAnalysisRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW).putSegment("region", "nordics")).build());
        assertThat(few.getDriversList()).isEmpty();
        String small = newTenant();
        String smallSurvey = publishedSurvey(small);
        for (int k = 0; k < 5; k++) {
            respond(small, smallSurvey, "c-" + k, at, List.of(score("nps", k), score("reliability", 40 + k)),
                    expects(RELIABILITY, 50));
        }
        DimensionDriver insufficient = analytics(small).getDriverAnalysis(GetDriverAnalysisRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW)).build()).getDrivers(0);
        assertThat(insufficient.getSampleSize()).isEqualTo(5);
        assertThat(insufficient.getSufficient()).isFalse();
        assertThat(insufficient.hasCorrelation()).as("nothing claimed on five answers").isFalse();
        assertThat(insufficient.hasSlope()).isFalse();
    }

    @Test
    void complaintParetoRanksCategoriesAndMeasuresRootCauseCoverage() {
        String tenant = newTenant();
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        List<String> categories = List.of("Late delivery", "late delivery", "LATE DELIVERY ", "Rude staff",
                "rude staff", "Billing");
        List<String> ids = categories.stream().map(category -> complaints.createComplaint(CreateComplaintRequest
                .newBuilder().setComplaint(complaint("c-1").setCategory(category)).build()).getId()).toList();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(ids.get(0))
                .setResolution(withRootCause()).build());
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(ids.get(3))
                .setResolution(withRootCause()).build());
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(ids.get(5))
                .setResolution(withoutSystemicCause()).build());

        GetComplaintParetoResponse pareto = analytics(tenant).getComplaintPareto(GetComplaintParetoRequest.newBuilder()
                .setStartTime(timestamp(WEEK_AGO)).setEndTime(timestamp(NOW.plusSeconds(1))).build());
        assertThat(pareto.getComplaintCount()).isEqualTo(6);
        assertThat(pareto.getCategoriesList()).extracting(CategoryCount::getCategory)
                .containsExactly("Late delivery", "Rude staff", "Billing");
        assertThat(pareto.getCategoriesList()).extracting(CategoryCount::getCount).containsExactly(3L, 2L, 1L);
        assertThat(pareto.getCategories(0).getShare()).isEqualTo(0.5);
        assertThat(pareto.getCategories(1).getCumulativeShare()).isCloseTo(5.0 / 6, within(1e-9));
        assertThat(pareto.getCategories(2).getCumulativeShare()).isCloseTo(1.0, within(1e-9));
        assertThat(pareto.getResolvedCount()).isEqualTo(3);
        assertThat(pareto.getPreventionCount()).isEqualTo(2);
        assertThat(pareto.getRootCauseCoverage()).isCloseTo(2.0 / 3, within(1e-9));

        GetComplaintParetoResponse empty = analytics(newTenant()).getComplaintPareto(GetComplaintParetoRequest
                .newBuilder().setStartTime(timestamp(WEEK_AGO)).setEndTime(timestamp(NOW.plusSeconds(1))).build());
        assertThat(empty.getComplaintCount()).isZero();
        assertThat(empty.hasRootCauseCoverage()).as("nothing resolved: no coverage claimed").isFalse();
    }

    @Test
    void customerSummaryShowsLatestScoresTrendAndOpenComplaints() {
        String tenant = newTenant();
        String surveyId = publishedSurvey(tenant);
        respond(tenant, surveyId, "c-1", NOW.minus(Duration.ofDays(30)), List.of(score("nps", 3), score("csat", 2)));
        respond(tenant, surveyId, "c-1", NOW.minus(Duration.ofDays(20)), List.of(score("nps", 5), score("ces", 6)));
        respond(tenant, surveyId, "c-1", NOW.minus(Duration.ofDays(10)), List.of(score("nps", 9)));
        var complaints = as(tenant, ComplaintServiceGrpc.newBlockingStub(channel));
        complaints.createComplaint(CreateComplaintRequest.newBuilder().setComplaint(complaint("c-1")).build());
        String resolved = complaints.createComplaint(CreateComplaintRequest.newBuilder().setComplaint(complaint("c-1"))
                .build()).getId();
        complaints.resolveComplaint(ResolveComplaintRequest.newBuilder().setComplaintId(resolved)
                .setResolution(withRootCause()).build());

        long readsBefore = responseReads(tenant);
        CustomerFeedbackSummary summary = analytics(tenant).getCustomerFeedbackSummary(
                GetCustomerFeedbackSummaryRequest.newBuilder().setCustomerId("c-1").build());
        assertThat(responseReads(tenant) - readsBefore).as("one pass over the customer's responses").isEqualTo(1);
        assertThat(summary.getResponseCount()).isEqualTo(3);
        assertThat(summary.getLatestNps()).isEqualTo(9);
        assertThat(summary.getLatestCsat()).isEqualTo(2);
        assertThat(summary.getLatestCes()).isEqualTo(6);
        assertThat(summary.getLatestResponseTime().getSeconds())
                .isEqualTo(NOW.minus(Duration.ofDays(10)).getEpochSecond());
        assertThat(summary.getNpsTrend()).as("9 against the mean 4 of 3 and 5").isEqualTo(Trend.TREND_IMPROVING);
        assertThat(summary.getOpenComplaintCount()).isEqualTo(1);
        assertThat(summary.getComplaintCount()).isEqualTo(2);

        CustomerFeedbackSummary stranger = analytics(newTenant()).getCustomerFeedbackSummary(
                GetCustomerFeedbackSummaryRequest.newBuilder().setCustomerId("c-1").build());
        assertThat(stranger.getResponseCount()).as("another tenant's customer c-1 is someone else").isZero();
        assertThat(stranger.hasLatestNps()).isFalse();
        assertThat(stranger.getNpsTrend()).isEqualTo(Trend.TREND_UNSPECIFIED);
        assertThat(stranger.getComplaintCount()).isZero();
    }

    @Test
    void anotherTenantsResponsesNeverCount() {
        String tenant = newTenant();
        String other = newTenant();
        respond(other, publishedSurvey(other), "c-1", NOW.minus(Duration.ofHours(1)), List.of(score("nps", 0)));
        assertThat(total(tenant, window(WEEK_AGO, NOW)).getResponseCount()).isZero();
        assertThat(total(other, window(WEEK_AGO, NOW)).getResponseCount()).isEqualTo(1);
    }

    @Test
    void badFiltersNameTheField() {
        String tenant = newTenant();
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(ResponseFilter.newBuilder().setEndTime(timestamp(NOW))).build()), "filter.start_time");
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(NOW, WEEK_AGO)).build()), "filter.end_time");
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(NOW.minus(Duration.ofDays(401)), NOW)).build()), "filter.end_time");
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW).addDimensions(ServiceDimension.SERVICE_DIMENSION_UNSPECIFIED))
                .build()), "filter.dimensions");
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW).putSegment("Bad Key", "x")).build()), "filter.segment.Bad Key");
        assertInvalid(() -> analytics(tenant).getScores(GetScoresRequest.newBuilder()
                .setFilter(window(WEEK_AGO, NOW)).setGranularityValue(9).build()), "granularity");
        assertInvalid(() -> analytics(tenant).getDriverAnalysis(GetDriverAnalysisRequest.getDefaultInstance()),
                "filter.start_time", "filter.end_time");
        assertInvalid(() -> analytics(tenant).getComplaintPareto(GetComplaintParetoRequest.getDefaultInstance()),
                "start_time", "end_time");
        assertInvalid(() -> analytics(tenant).getCustomerFeedbackSummary(
                GetCustomerFeedbackSummaryRequest.getDefaultInstance()), "customer_id");
    }
}
