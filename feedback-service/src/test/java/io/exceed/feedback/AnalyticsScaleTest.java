package io.exceed.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.store.MongoRollups;
import io.exceed.feedback.v1.DimensionDriver;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.GetDriverAnalysisRequest;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.Granularity;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.ScoreBucket;

/**
 * 100 000 responses for one tenant, stored in the documented schema with the driver (the API would take minutes
 * to record them), plus another tenant's noise. The figures come out in closed form from the generator:
 * response i has NPS i mod 11, CSAT 1 + i mod 5, CES 1 + i mod 7, a reliability gap (i mod 21) − 10, and is
 * submitted i minutes after the start. Written around the service, their rollups are rebuilt from them.
 */
class AnalyticsScaleTest extends FeedbackServiceTestBase {

    private static final int RESPONSES = 100_000;
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");

    @Autowired
    private MongoDatabase database;

    @Autowired
    private MongoRollups rollups;

    private String tenant;

    @BeforeAll
    void seed() {
        tenant = newTenant();
        MongoCollection<Document> responses = database.getCollection("responses");
        long began = System.nanoTime();
        insert(responses, tenant, RESPONSES);
        insert(responses, newTenant(), 1_000);
        System.out.printf("seeded %d responses in %d ms%n", RESPONSES + 1_000, (System.nanoTime() - began) / 1_000_000);
        // Written around the service, so their rollups are rebuilt as after a restore.
        began = System.nanoTime();
        rollups.rebuild(new TenantId(tenant));
        System.out.printf("rebuilt the rollups in %d ms%n", (System.nanoTime() - began) / 1_000_000);
    }

    private static void insert(MongoCollection<Document> responses, String tenant, int count) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int gap = i % 21 - 10;
            String id = String.format("%s-%08d", tenant, i);
            batch.add(new Document("_id", id).append("tenant", tenant).append("surveyId", "s-1")
                    .append("surveyVersion", 1).append("customerId", "c-" + i % 5000).append("source", "INTEGRATOR")
                    .append("requestKey", "id:" + id).append("language", "en")
                    .append("answers", List.of())
                    .append("nps", i % 11).append("csat", 1 + i % 5).append("ces", 1 + i % 7)
                    .append("gaps", List.of(new Document("dimension", "RELIABILITY").append("perceived", 50 + gap)
                            .append("expected", 50).append("gap", gap)))
                    .append("expectations", List.of()).append("segment", new Document("region", "nordics"))
                    .append("submitTime", Date.from(START.plus(Duration.ofMinutes(i))))
                    .append("recordTime", Date.from(START)).append("outbox", List.of()));
            if (batch.size() == 1_000) {
                responses.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            responses.insertMany(batch);
        }
    }

    private static ResponseFilter window() {
        return ResponseFilter.newBuilder().setStartTime(Timestamp.newBuilder().setSeconds(START.getEpochSecond()))
                .setEndTime(Timestamp.newBuilder().setSeconds(START.plus(Duration.ofDays(70)).getEpochSecond())).build();
    }

    @Test
    void weeklyScoresOverAHundredThousandResponsesMatchTheClosedForm() {
        long began = System.nanoTime();
        GetScoresResponse scores = as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel))
                .withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS)
                .getScores(GetScoresRequest.newBuilder().setFilter(window())
                        .setGranularity(Granularity.GRANULARITY_WEEK).build());
        System.out.printf("GetScores, week buckets, %d responses: %d ms%n", RESPONSES,
                (System.nanoTime() - began) / 1_000_000);

        var total = scores.getTotal();
        assertThat(total.getResponseCount()).isEqualTo(RESPONSES);
        // 100 000 = 11 * 9090 + 10: NPS 0..9 occur 9091 times, 10 occurs 9090 times.
        assertThat(total.getNps().getPromoters()).isEqualTo(9091 + 9090);
        assertThat(total.getNps().getDetractors()).isEqualTo(7 * 9091);
        assertThat(total.getNps().getScore()).isCloseTo(100.0 * (18_181 - 63_637) / RESPONSES, within(1e-9));
        // CSAT 1..5 occur 20 000 times each: 4 and 5 are 40 %.
        assertThat(total.getCsat().getScore()).isEqualTo(40.0);
        // 100 000 = 7 * 14285 + 5: CES sums to 14285 * 28 + (1 + 2 + 3 + 4 + 5).
        assertThat(total.getCes().getMean()).isCloseTo(399_995.0 / RESPONSES, within(1e-12));
        // 100 000 = 21 * 4761 + 19: full cycles of gaps -10..10 sum to 0, the partial one (-10..8) to -19; gaps
        // above 0 are residues 11..18 (4762 each) and 19..20 (4761 each).
        var reliability = total.getGaps(0);
        assertThat(reliability.getDimension()).isEqualTo(ServiceDimension.SERVICE_DIMENSION_RELIABILITY);
        assertThat(reliability.getMeanGap()).isCloseTo(-19.0 / RESPONSES, within(1e-12));
        assertThat(reliability.getExceededCount()).isEqualTo(8 * 4762 + 2 * 4761);

        assertThat(scores.getBucketsList()).as("70 days from a Monday: ten whole weeks").hasSize(10);
        assertThat(scores.getBucketsList().stream().mapToLong(bucket -> bucket.getScores().getResponseCount()).sum())
                .isEqualTo(RESPONSES);
        ScoreBucket firstWeek = scores.getBuckets(0);
        // 2025-12-01 is a Monday: the first week holds minutes 0 .. 7 * 1440 - 1.
        assertThat(firstWeek.getStartTime().getSeconds()).isEqualTo(START.getEpochSecond());
        assertThat(firstWeek.getScores().getResponseCount()).isEqualTo(7 * 1440);
    }

    @Test
    void driverAnalysisOverAHundredThousandResponsesUsesEveryOne() {
        long began = System.nanoTime();
        DimensionDriver reliability = as(tenant, FeedbackAnalyticsServiceGrpc.newBlockingStub(channel))
                .withDeadlineAfter(120, java.util.concurrent.TimeUnit.SECONDS)
                .getDriverAnalysis(GetDriverAnalysisRequest.newBuilder().setFilter(window()).build()).getDrivers(0);
        System.out.printf("GetDriverAnalysis, %d responses: %d ms%n", RESPONSES, (System.nanoTime() - began) / 1_000_000);
        assertThat(reliability.getSampleSize()).isEqualTo(RESPONSES);
        assertThat(reliability.getSufficient()).isTrue();
        // NPS (i mod 11) and the gap (i mod 21) cycle independently (11 and 21 are coprime): no relationship.
        assertThat(Math.abs(reliability.getCorrelation())).isLessThan(0.01);
    }
}
