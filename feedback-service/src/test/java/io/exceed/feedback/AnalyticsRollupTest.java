package io.exceed.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.CustomerIds;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.domain.analytics.Granularity;
import io.exceed.feedback.domain.analytics.RecoveryStats;
import io.exceed.feedback.domain.analytics.ResponseQuery;
import io.exceed.feedback.domain.analytics.ScoreReport;
import io.exceed.feedback.domain.erasure.CustomerErasure;
import io.exceed.feedback.store.ComplaintRollups;
import io.exceed.feedback.store.MongoAnalyticsStore;
import io.exceed.feedback.store.MongoRollups;
import io.exceed.feedback.store.RollupAnalyticsStore;

/**
 * The rollups against the raw computation over the responses, through the real store and driver: every figure the
 * (scores, driver correlation and slope, rescue rate) the same on randomised data sets, after folding each response as it is stored and after a rebuild; a response folded
 * again, from racing threads, or after a crash mid-fold counts once; erasure leaves the rollups as they were.
 * Responses are written in the documented schema with their pending mark, as the response store writes them.
 */
class AnalyticsRollupTest extends FeedbackServiceTestBase {

    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final int DAYS = 45;
    private static final long MINIMUM_SAMPLE = 5;

    @Autowired
    private MongoDatabase database;

    @Autowired
    private MongoRollups rollups;

    @Autowired
    private ComplaintRollups complaintRollups;

    @Autowired
    private Analytics analytics;

    @Autowired
    private CustomerErasure erasure;

    private MongoCollection<Document> responses() {
        return database.getCollection("responses");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void everyFigureFromRollupsEqualsTheRawComputation(long seed) {
        Random random = new Random(seed);
        TenantId tenant = new TenantId(newTenant());
        for (int i = 0; i < 400; i++) {
            rollups.fold(store(response(tenant, "r-" + seed + "-" + i, random)));
        }
        Analytics raw = new Analytics(new MongoAnalyticsStore(database), MINIMUM_SAMPLE);
        Analytics rolledUp = new Analytics(analyticsStore(), MINIMUM_SAMPLE);
        List<ResponseQuery> queries = queries(random);
        compare(tenant, queries, random, raw, rolledUp);

        rollups.rebuild(tenant);
        compare(tenant, queries, random, raw, rolledUp);
    }

    @Test
    void aResponseFoldedAgainFromRacingThreadsOrAfterACrashCountsOnce() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        Random random = new Random(7);
        Document redelivered = store(response(tenant, "twice", random));
        rollups.fold(redelivered);
        rollups.fold(redelivered);

        List<Document> raced = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            raced.add(store(response(tenant, "raced-" + i, random)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> folds = new ArrayList<>();
            for (Document response : raced) {
                for (int replica = 0; replica < 4; replica++) {
                    folds.add(threads.submit(() -> {
                        start.await();
                        rollups.fold(response);
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> fold : folds) {
                fold.get();
            }
        } finally {
            threads.shutdown();
        }

        // A crash after the rollup took the response, before its mark was cleared: the sweep only finishes the job.
        Document crashed = store(response(tenant, "crashed", random));
        rollups.fold(crashed);
        responses().updateOne(Filters.eq("_id", "crashed"), Updates.set("rollup", "pending"));
        assertThat(rollups.foldPending(1_000)).isGreaterThanOrEqualTo(1);
        // The same crash, then another answer to its shard: that fold clears the mark before it takes the shard.
        Document crashedAgain = store(response(tenant, "crashed-again", random));
        rollups.fold(crashedAgain);
        responses().updateOne(Filters.eq("_id", "crashed-again"), Updates.set("rollup", "pending"));
        rollups.fold(store(sameRollup(crashedAgain, "after-the-crash")));

        assertThat(responses().countDocuments(Filters.and(Filters.eq("tenant", tenant.value()),
                Filters.eq("rollup", "pending")))).isZero();
        ResponseQuery all = query(FROM, FROM.plus(Duration.ofDays(DAYS)), null, Map.of(), EnumSet.noneOf(Dimension.class));
        ScoreReport fromRollups = new Analytics(analyticsStore(), MINIMUM_SAMPLE).scores(tenant, all,
                Granularity.NONE, new Violations());
        assertThat(fromRollups.total().responseCount()).isEqualTo(14);
        assertThat(fromRollups).isEqualTo(new Analytics(new MongoAnalyticsStore(database), MINIMUM_SAMPLE)
                .scores(tenant, all, Granularity.NONE, new Violations()));
    }

    @Test
    void aResponseTheSweepFoldedBetweenItsStoringAndItsWritersFoldCountsOnce() {
        TenantId tenant = new TenantId(newTenant());
        Document first = response(tenant, "first", new Random(3));
        submit(first);
        Document second = sameRollup(first, "second");
        MongoRollups.Prepared writer = rollups.prepare(second);
        responses().insertOne(second);
        rollups.foldPending(1_000);
        assertThat(responses().find(Filters.eq("_id", "second")).first().get("rollup"))
                .as("the sweep folded the stored response first").isNull();
        rollups.fold(writer);
        rollups.release(writer);

        assertThat(scores(tenant).total().responseCount()).isEqualTo(2);
        assertThat(scores(tenant)).isEqualTo(rawScores(tenant));
    }

    @Test
    void writersOfOneSurveysDayAtOnceWithTheSweepAndRedeliveriesCountEachResponseOnce() throws Exception {
        TenantId tenant = new TenantId(newTenant());
        Document template = response(tenant, "template", new Random(5));
        Random random = new Random(9);
        List<Document> answers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Document answer = response(tenant, "w-" + i, random);
            answer.put("surveyId", template.getString("surveyId"));
            answer.put("segment", template.get("segment"));
            answer.put("submitTime", template.getDate("submitTime"));
            answers.add(answer);
        }
        ExecutorService threads = Executors.newFixedThreadPool(SHARD_WRITERS + 2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < SHARD_WRITERS; writer++) {
                int first = writer;
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = first; i < answers.size(); i += SHARD_WRITERS) {
                        submit(answers.get(i));
                    }
                    return null;
                }));
            }
            work.add(threads.submit(() -> {
                start.await();
                for (int pass = 0; pass < 20; pass++) {
                    rollups.foldPending(1_000);
                }
                return null;
            }));
            work.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < answers.size(); i += 3) {
                    Document stored = responses().find(Filters.eq("_id", answers.get(i).get("_id"))).first();
                    if (stored != null) {
                        rollups.fold(stored);
                    }
                }
                return null;
            }));
            start.countDown();
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(scores(tenant).total().responseCount()).isEqualTo(answers.size());
        assertThat(scores(tenant)).isEqualTo(rawScores(tenant));
        assertThat(database.getCollection("response_rollups").countDocuments(Filters.eq("tenant", tenant.value())))
                .as("writers at once took shards of their own").isGreaterThan(1);
    }

    /** More writers than shards, so some share a shard and race on its version. */
    private static final int SHARD_WRITERS = 20;

    /** As the response store stores and folds a response. */
    private void submit(Document response) {
        MongoRollups.Prepared prepared = rollups.prepare(response);
        try {
            responses().insertOne(response);
            rollups.fold(prepared);
        } finally {
            rollups.release(prepared);
        }
    }

    private static Document sameRollup(Document response, String id) {
        Document copy = new Document(response).append("_id", id).append("requestKey", "id:" + id)
                .append("rollup", "pending");
        copy.remove("rollupShard");
        return copy;
    }

    private ScoreReport scores(TenantId tenant) {
        return new Analytics(analyticsStore(), MINIMUM_SAMPLE).scores(tenant, everything(), Granularity.NONE,
                new Violations());
    }

    private ScoreReport rawScores(TenantId tenant) {
        return new Analytics(new MongoAnalyticsStore(database), MINIMUM_SAMPLE).scores(tenant, everything(),
                Granularity.NONE, new Violations());
    }

    private static ResponseQuery everything() {
        return query(FROM, FROM.plus(Duration.ofDays(DAYS)), null, Map.of(), EnumSet.noneOf(Dimension.class));
    }

    @Test
    void erasureLeavesTheRollupsAsTheyWere() {
        TenantId tenant = new TenantId(newTenant());
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            rollups.fold(store(response(tenant, "e-" + i, random)));
        }
        List<Document> before = rollupsOf(tenant);
        Instant end = FROM.plus(Duration.ofDays(DAYS));
        RecoveryStats rescued = analytics.recovery(tenant, FROM, end, new Violations());
        assertThat(rescued.rescuedCount()).as("some to keep").isPositive();
        List<String> customers = responses().distinct("customerId", Filters.eq("tenant", tenant.value()),
                String.class).into(new ArrayList<>());
        for (String customer : customers.subList(0, 20)) {
            erasure.pseudonymise(tenant, customer, CustomerIds.PSEUDONYM_PREFIX + customer.replace('.', '-'));
        }
        assertThat(rollupsOf(tenant)).isEqualTo(before);
        assertThat(analytics.recovery(tenant, FROM, end, new Violations())).isEqualTo(rescued);
        assertThat(analytics.recovery(tenant, FROM, end, new Violations())).isEqualTo(
                new Analytics(new MongoAnalyticsStore(database), MINIMUM_SAMPLE).recovery(tenant, FROM, end,
                        new Violations()));
        ResponseQuery all = query(FROM, FROM.plus(Duration.ofDays(DAYS)), null, Map.of(), EnumSet.noneOf(Dimension.class));
        assertThat(analytics.scores(tenant, all, Granularity.WEEK, new Violations()).total().responseCount())
                .isEqualTo(200);
    }

    private void compare(TenantId tenant, List<ResponseQuery> queries, Random random, Analytics raw,
            Analytics rolledUp) {
        for (ResponseQuery query : queries) {
            Granularity granularity = Granularity.values()[random.nextInt(Granularity.values().length)];
            assertThat(rolledUp.scores(tenant, query, granularity, new Violations())).as("scores of %s by %s", query,
                    granularity).isEqualTo(raw.scores(tenant, query, granularity, new Violations()));
            assertThat(rolledUp.drivers(tenant, query, new Violations())).as("drivers of %s", query)
                    .isEqualTo(raw.drivers(tenant, query, new Violations()));
            assertThat(rolledUp.recovery(tenant, query.start(), query.end(), new Violations()))
                    .as("recovery from %s to %s", query.start(), query.end())
                    .isEqualTo(raw.recovery(tenant, query.start(), query.end(), new Violations()));
        }
    }

    /** Whole days, windows cutting through days, single days, with and without survey, segment and dimensions. */
    private static List<ResponseQuery> queries(Random random) {
        List<ResponseQuery> queries = new ArrayList<>();
        queries.add(query(FROM, FROM.plus(Duration.ofDays(DAYS)), null, Map.of(), EnumSet.noneOf(Dimension.class)));
        queries.add(query(FROM.minus(Duration.ofDays(3)), FROM.plus(Duration.ofDays(DAYS + 3)), "s-1", Map.of(),
                EnumSet.noneOf(Dimension.class)));
        for (int i = 0; i < 6; i++) {
            Instant start = FROM.plusMillis((long) (random.nextDouble() * Duration.ofDays(DAYS).toMillis()));
            if (random.nextBoolean()) {
                start = LocalDate.ofInstant(start, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant end = start.plusMillis(1 + (long) (random.nextDouble() * Duration.ofDays(20).toMillis()));
            String survey = random.nextInt(3) == 0 ? "s-" + (1 + random.nextInt(3)) : null;
            Map<String, String> segment = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                segment.put("region", REGIONS.get(random.nextInt(REGIONS.size())));
            }
            if (random.nextInt(3) == 0) {
                segment.put("plan", PLANS.get(random.nextInt(PLANS.size())));
            }
            Set<Dimension> dimensions = EnumSet.noneOf(Dimension.class);
            if (random.nextBoolean()) {
                dimensions.add(Dimension.values()[random.nextInt(3)]);
            }
            queries.add(query(start, end, survey, segment, dimensions));
        }
        return queries;
    }

    private static final List<String> REGIONS = List.of("nordics", "dach", "iberia");
    private static final List<String> PLANS = List.of("basic", "pro");

    private static ResponseQuery query(Instant start, Instant end, String surveyId, Map<String, String> segment,
            Set<Dimension> dimensions) {
        return new ResponseQuery(start, end, surveyId, segment, dimensions);
    }

    /** A response as the response store writes it: scores often missing, a few dimensions, a segment of 0–2 keys. */
    private static Document response(TenantId tenant, String id, Random random) {
        Instant submitted = FROM.plusMillis((long) (random.nextDouble() * Duration.ofDays(DAYS).toMillis()));
        List<Document> gaps = new ArrayList<>();
        for (Dimension dimension : List.of(Dimension.RELIABILITY, Dimension.RESPONSIVENESS, Dimension.COURTESY)) {
            if (random.nextInt(4) != 0) {
                int perceived = random.nextInt(101);
                int expected = random.nextInt(101);
                gaps.add(new Document("dimension", dimension.name()).append("perceived", perceived)
                        .append("expected", expected).append("gap", perceived - expected));
            }
        }
        Document segment = new Document();
        if (random.nextInt(5) != 0) {
            segment.append("region", REGIONS.get(random.nextInt(REGIONS.size())));
        }
        if (random.nextBoolean()) {
            segment.append("plan", PLANS.get(random.nextInt(PLANS.size())));
        }
        return new Document("_id", id).append("tenant", tenant.value())
                .append("surveyId", "s-" + (1 + random.nextInt(3))).append("surveyVersion", 1)
                .append("customerId", (random.nextBoolean() ? "c-" : "c.") + random.nextInt(40)).append("source", "INTEGRATOR")
                .append("requestKey", "id:" + id).append("language", "en").append("answers", List.of())
                .append("nps", random.nextInt(5) == 0 ? null : random.nextInt(11))
                .append("csat", random.nextInt(3) == 0 ? null : 1 + random.nextInt(5))
                .append("ces", random.nextInt(3) == 0 ? null : 1 + random.nextInt(7))
                .append("gaps", gaps).append("expectations", List.of()).append("segment", segment)
                .append("submitTime", Date.from(submitted)).append("recordTime", Date.from(submitted))
                .append("outbox", List.of()).append("rollup", "pending");
    }

    private Document store(Document response) {
        responses().insertOne(response);
        return response;
    }

    private RollupAnalyticsStore analyticsStore() {
        return new RollupAnalyticsStore(rollups, complaintRollups, new MongoAnalyticsStore(database));
    }

    private List<Document> rollupsOf(TenantId tenant) {
        return database.getCollection("response_rollups").find(Filters.eq("tenant", tenant.value()))
                .sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
