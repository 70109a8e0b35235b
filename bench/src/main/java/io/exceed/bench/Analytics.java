package io.exceed.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.bson.Document;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.defaults.storage.EmbeddedMongoServer;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceBlockingStub;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceFutureStub;
import io.exceed.feedback.v1.GetComplaintParetoRequest;
import io.exceed.feedback.v1.GetDriverAnalysisRequest;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.Granularity;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.grpc.ManagedChannel;

/**
 * Scenario 6: NPS, CSAT and expectation gaps over many responses of one tenant — in total, by week, by week for one
 * dimension, and the driver analysis by dimension — each timed as one GetScores / GetDriverAnalysis call; and the
 * console's overview, its three calls at once.
 * feedback-service runs on a harness-hosted embedded store (the same mongo-java-server on H2 it would start itself),
 * so the responses can be seeded straight into it, shaped exactly as MongoResponseStore writes them after the
 * outbox relay has emptied their outbox; submitting 100 000 through the API would take most of the run. Written
 * around the service, they are in no rollup, so the service is then restarted to rebuild its rollups from them, and
 * the queries read those.
 */
final class Analytics {

    /** Each query's target, and the console overview's: the three calls its page makes at once. */
    static final double QUERY_MAX_MS = 300;
    static final double OVERVIEW_MAX_MS = 1_000;
    /** The window of the console's overview. */
    private static final Duration OVERVIEW = Duration.ofDays(12 * 7);

    /** One query's timings over its measured runs (after one unmeasured run), and its target. */
    record Query(String query, int runs, double minMs, double medianMs, double maxMs, long errors,
            String firstError, double targetMs) {
    }

    /** The seeding and the queries. */
    record Result(int responses, double seedSeconds, List<Query> queries, Footprint footprint) {

        long errors() {
            return queries.stream().mapToLong(Query::errors).sum();
        }
    }

    static final Duration SPAN = Duration.ofDays(26 * 7);
    private static final List<String> REGIONS = List.of("nordics", "dach", "uk", "benelux");

    private Analytics() {
    }

    static Result run(Path root, Path runDir, Path logDir, Options options, List<ServiceProcess> started)
            throws Exception {
        try (EmbeddedMongoServer store = new EmbeddedMongoServer(runDir.resolve("analytics"), "feedback-service")) {
            ServiceProcess seeding = start(root, "feedback-service-analytics", runDir, logDir, options, store, false,
                    started);
            ManagedChannel seedingChannel = Tenants.channel(seeding);
            Instant end = Instant.now();
            Instant start = end.minus(SPAN);
            double seedSeconds;
            double startToHealthy;
            try {
                startToHealthy = seeding.startToHealthySeconds();
                String surveyId = DirectGrpc.publishedSurvey(Tenants.asTenant(
                        SurveyServiceGrpc.newBlockingStub(seedingChannel)));
                long seedStart = System.nanoTime();
                seed(store.connectionString(), surveyId, start, options.analyticsResponses());
                seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                System.out.printf("   seeded %d responses in %.1f s%n", options.analyticsResponses(), seedSeconds);
            } finally {
                seedingChannel.shutdownNow();
                seeding.close();
                started.remove(seeding);
            }
            // Written around the service, the responses are in no rollup: the service rebuilds them at start, as
            // after a restore, and serves once that is done.
            ServiceProcess feedback = start(root, "feedback-service-analytics-rebuilt", runDir, logDir, options,
                    store, true, started);
            ManagedChannel channel = Tenants.channel(feedback);
            try {
                FeedbackAnalyticsServiceBlockingStub analytics = Tenants.asTenant(
                        FeedbackAnalyticsServiceGrpc.newBlockingStub(channel));
                ResponseFilter all = ResponseFilter.newBuilder().setStartTime(DirectGrpc.timestamp(start))
                        .setEndTime(DirectGrpc.timestamp(end.plusSeconds(1))).build();
                ResponseFilter oneDimension = all.toBuilder()
                        .addDimensions(ServiceDimension.SERVICE_DIMENSION_RELIABILITY).build();
                long expected = options.analyticsResponses();
                List<Query> queries = List.of(
                        time("scores, total", QUERY_MAX_MS, options, () -> checkCount(analytics.withDeadlineAfter(2,
                                TimeUnit.MINUTES).getScores(GetScoresRequest.newBuilder().setFilter(all).build())
                                .getTotal().getResponseCount(), expected)),
                        time("scores by week", QUERY_MAX_MS, options, () -> checkCount(analytics.withDeadlineAfter(2,
                                TimeUnit.MINUTES).getScores(GetScoresRequest.newBuilder().setFilter(all)
                                .setGranularity(Granularity.GRANULARITY_WEEK).build()).getTotal().getResponseCount(),
                                expected)),
                        time("scores by week, one dimension", QUERY_MAX_MS, options, () -> checkCount(analytics
                                .withDeadlineAfter(2, TimeUnit.MINUTES).getScores(GetScoresRequest.newBuilder()
                                        .setFilter(oneDimension).setGranularity(Granularity.GRANULARITY_WEEK).build())
                                .getTotal().getResponseCount(), expected)),
                        time("driver analysis by dimension", QUERY_MAX_MS, options, () -> checkCount(analytics
                                .withDeadlineAfter(2, TimeUnit.MINUTES).getDriverAnalysis(GetDriverAnalysisRequest
                                        .newBuilder().setFilter(all).build()).getDriversCount(), 2)),
                        time("console overview", OVERVIEW_MAX_MS, options, () -> overview(
                                Tenants.asTenant(FeedbackAnalyticsServiceGrpc.newFutureStub(channel)))));
                // Start→healthy of the plain start: the restart's includes the rebuild, printed above.
                Footprint footprint = Footprint.of(feedback, "feedback-service (analytics; store in the harness)",
                        startToHealthy);
                return new Result(options.analyticsResponses(), seedSeconds, queries, footprint);
            } finally {
                channel.shutdownNow();
                feedback.close();
                started.remove(feedback);
            }
        }
    }

    /**
     * feedback-service alone on {@code store} (nothing asks customer-service, nothing is delivered: seeded
     * responses carry no events), started and healthy; with {@code rebuild} it first rebuilds every rollup from the
     * stored responses, as after a restore, which on many responses takes minutes, printed when done.
     */
    static ServiceProcess start(Path root, String name, Path runDir, Path logDir, Options options,
            EmbeddedMongoServer store, boolean rebuild, List<ServiceProcess> started) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "MONGODB_URI", store.connectionString(),
                "EXCEED_STORAGE_EXACT_KEY_INDEXES", "true",
                "EXCEED_PLAYBOOK_DELIVERY_ENABLED", "false",
                "EXCEED_RELATIONSHIP_DELIVERY_ENABLED", "false",
                "EXCEED_CUSTOMER_DIRECTORY_ENABLED", "false",
                "EXCEED_CONTACT_GOVERNOR_ENABLED", "false",
                "EXCEED_EXPECTATION_SNAPSHOTS_ENABLED", "false"));
        if (rebuild) {
            environment.put("EXCEED_FEEDBACK_ANALYTICS_REBUILD_ROLLUPS", "true");
        }
        long begin = System.nanoTime();
        ServiceProcess feedback = ServiceProcess.start(root, "feedback-service", name, "GRPC_PORT",
                runDir.resolve(name), logDir, options.jfr(), environment);
        started.add(feedback);
        feedback.awaitHealthy(Duration.ofMinutes(rebuild ? 60 : 3));
        if (rebuild) {
            System.out.printf("   started with the rollups rebuilt in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        }
        return feedback;
    }

    static void checkCount(long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " but the query counted " + actual);
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /**
     * The feedback-service calls of the console's overview, made at once as the page makes them, over the last 12
     * weeks up to now: scores by week (two sections share them), the driver analysis and the complaint Pareto.
     * (Its promise ledger is followup-service's, which this scenario does not run.)
     */
    private static void overview(FeedbackAnalyticsServiceFutureStub analytics) throws Exception {
        Instant end = Instant.now();
        ResponseFilter weeks = ResponseFilter.newBuilder().setStartTime(DirectGrpc.timestamp(end.minus(OVERVIEW)))
                .setEndTime(DirectGrpc.timestamp(end)).build();
        FeedbackAnalyticsServiceFutureStub calls = analytics.withDeadlineAfter(2, TimeUnit.MINUTES);
        var scores = calls.getScores(GetScoresRequest.newBuilder().setFilter(weeks)
                .setGranularity(Granularity.GRANULARITY_WEEK).build());
        var drivers = calls.getDriverAnalysis(GetDriverAnalysisRequest.newBuilder().setFilter(weeks).build());
        var pareto = calls.getComplaintPareto(GetComplaintParetoRequest.newBuilder()
                .setStartTime(weeks.getStartTime()).setEndTime(weeks.getEndTime()).build());
        if (scores.get().getTotal().getResponseCount() == 0) {
            throw new IllegalStateException("the overview's 12 weeks counted no response");
        }
        drivers.get();
        pareto.get();
    }

    private static Query time(String query, double targetMs, Options options, Call call) {
        System.out.printf("   %s ...%n", query);
        int runs = options.analyticsRuns();
        double[] ms = new double[runs];
        long errors = 0;
        String firstError = null;
        for (int run = -1; run < runs; run++) {
            long before = System.nanoTime();
            try {
                call.run();
            } catch (Exception e) {
                errors++;
                firstError = firstError == null ? e.toString() : firstError;
            }
            if (run >= 0) {
                ms[run] = (System.nanoTime() - before) / 1e6;
            }
        }
        Arrays.sort(ms);
        return new Query(query, runs, ms[0], ms[runs / 2], ms[runs - 1], errors, firstError, targetMs);
    }

    /** Writes {@code count} responses of the benchmark's tenant spread evenly over [start, start + SPAN). */
    static void seed(String uri, String surveyId, Instant start, int count) {
        seed(uri, Tenants.TENANT, surveyId, start, count);
    }

    /** Writes {@code count} responses of {@code tenant} spread evenly over [start, start + SPAN). */
    static void seed(String uri, String tenant, String surveyId, Instant start, int count) {
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        Random random = new Random(42);
        try (MongoClient client = MongoClients.create(uri);
                BulkWriter writer = new BulkWriter(client.getDatabase("feedback-service"))) {
            for (int i = 0; i < count; i++) {
                Instant submitted = start.plusMillis(SPAN.toMillis() * i / count);
                writer.add("responses", response(tenant, ids.generate().toString(), surveyId, "c-" + random.nextInt(5_000),
                        REGIONS.get(random.nextInt(REGIONS.size())), submitted, random));
            }
        }
    }

    /**
     * A response to {@link DirectGrpc#publishedSurvey}'s survey as MongoResponseStore stores it: answers, the
     * scores taken from them, the expectations it is compared with and the gap per rated and expected dimension.
     */
    private static Document response(String tenant, String id, String surveyId, String customerId, String region, Instant submitted,
            Random random) {
        int nps = random.nextInt(11);
        int csat = 1 + random.nextInt(5);
        int ces = 1 + random.nextInt(7);
        // perceived quality loosely follows NPS, so the driver analysis has something to find
        int reliability = Math.clamp(nps * 9L + random.nextInt(21) - 10, 0, 100);
        int courtesy = random.nextInt(101);
        int expectedReliability = 50 + random.nextInt(41);
        int expectedCourtesy = 50 + random.nextInt(41);
        Function<String, Document> dimension = name -> new Document("dimension", name);
        Date time = Date.from(submitted);
        return new Document("_id", id)
                .append("surveyId", surveyId)
                .append("surveyVersion", 1)
                .append("customerId", customerId)
                .append("invitationId", null)
                .append("source", "INTEGRATOR")
                .append("language", "en")
                .append("answers", List.of(answer("nps", nps), answer("csat", csat), answer("ces", ces),
                        answer("reliability", reliability), answer("courtesy", courtesy)))
                .append("nps", nps)
                .append("csat", csat)
                .append("ces", ces)
                .append("gaps", List.of(
                        dimension.apply("RELIABILITY").append("perceived", reliability)
                                .append("expected", expectedReliability).append("gap", reliability - expectedReliability),
                        dimension.apply("COURTESY").append("perceived", courtesy)
                                .append("expected", expectedCourtesy).append("gap", courtesy - expectedCourtesy)))
                .append("expectations", List.of(
                        dimension.apply("RELIABILITY").append("level", expectedReliability),
                        dimension.apply("COURTESY").append("level", expectedCourtesy)))
                .append("segment", new Document("region", region))
                .append("submitTime", time)
                .append("recordTime", time)
                .append("tenant", tenant)
                .append("requestKey", "id:" + id)
                .append("outbox", List.of());
    }

    private static Document answer(String questionId, int score) {
        return new Document("questionId", questionId).append("score", score).append("text", null);
    }
}
