package io.exceed.feedback.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.springframework.stereotype.Service;

import com.google.protobuf.Timestamp;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.domain.analytics.ComplaintPareto;
import io.exceed.feedback.domain.analytics.CustomerFeedbackSummary;
import io.exceed.feedback.domain.analytics.RecoveryStats;
import io.exceed.feedback.domain.analytics.DriverAnalysis;
import io.exceed.feedback.domain.analytics.Granularity;
import io.exceed.feedback.domain.analytics.ResponseQuery;
import io.exceed.feedback.domain.analytics.ScoreReport;
import io.exceed.feedback.domain.analytics.Scores;
import io.exceed.feedback.v1.CategoryCount;
import io.exceed.feedback.v1.CesScore;
import io.exceed.feedback.v1.CsatScore;
import io.exceed.feedback.v1.DimensionDriver;
import io.exceed.feedback.v1.DimensionGapStats;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.GetComplaintParetoRequest;
import io.exceed.feedback.v1.GetComplaintParetoResponse;
import io.exceed.feedback.v1.GetCustomerFeedbackSummaryRequest;
import io.exceed.feedback.v1.GetRecoveryStatsRequest;
import io.exceed.feedback.v1.GetRecoveryStatsResponse;
import io.exceed.feedback.v1.GetDriverAnalysisRequest;
import io.exceed.feedback.v1.GetDriverAnalysisResponse;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.NpsScore;
import io.exceed.feedback.v1.ResponseFilter;
import io.exceed.feedback.v1.ScoreBucket;
import io.exceed.feedback.v1.Trend;
import io.grpc.stub.StreamObserver;

/** The FeedbackAnalyticsService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class FeedbackAnalyticsGrpcService extends FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceImplBase {

    private static final ProtoEnums<io.exceed.feedback.v1.Granularity, Granularity> GRANULARITIES = new ProtoEnums<>(
            Granularity.class, "GRANULARITY_", io.exceed.feedback.v1.Granularity.getDescriptor(),
            io.exceed.feedback.v1.Granularity::valueOf);
    private static final ProtoEnums<Trend, CustomerFeedbackSummary.Trend> TRENDS = new ProtoEnums<>(
            CustomerFeedbackSummary.Trend.class, "TREND_", Trend.getDescriptor(), Trend::valueOf);

    private final Analytics analytics;

    public FeedbackAnalyticsGrpcService(Analytics analytics) {
        this.analytics = analytics;
    }

    @Override
    public void getScores(GetScoresRequest request, StreamObserver<GetScoresResponse> response) {
        Violations violations = new Violations();
        violations.require(request.getGranularity() != io.exceed.feedback.v1.Granularity.UNRECOGNIZED, "granularity",
                "is not a known granularity");
        Granularity granularity = request.getGranularity() == io.exceed.feedback.v1.Granularity.GRANULARITY_UNSPECIFIED
                ? Granularity.NONE : GRANULARITIES.toDomain(request.getGranularity());
        ScoreReport report = analytics.scores(CurrentTenant.get(),
                query(request.getFilter(), violations), granularity, violations);
        GetScoresResponse.Builder reply = GetScoresResponse.newBuilder().setTotal(toProto(report.total()));
        for (ScoreReport.Bucket bucket : report.buckets()) {
            reply.addBuckets(ScoreBucket.newBuilder()
                    .setStartTime(ProtoTimes.timestamp(bucket.period().startTime()))
                    .setEndTime(ProtoTimes.timestamp(bucket.period().endTime()))
                    .setScores(toProto(bucket.scores())));
        }
        reply(response, reply.build());
    }

    @Override
    public void getComplaintPareto(GetComplaintParetoRequest request,
            StreamObserver<GetComplaintParetoResponse> response) {
        Violations violations = new Violations();
        ComplaintPareto pareto = analytics.pareto(CurrentTenant.get(),
                instant(request.hasStartTime(), request.getStartTime(),
                "start_time", violations), instant(request.hasEndTime(), request.getEndTime(), "end_time", violations),
                violations);
        GetComplaintParetoResponse.Builder reply = GetComplaintParetoResponse.newBuilder()
                .setComplaintCount(pareto.complaintCount())
                .setResolvedCount(pareto.resolvedCount())
                .setPreventionCount(pareto.preventionCount());
        pareto.rootCauseCoverage().ifPresent(reply::setRootCauseCoverage);
        pareto.categories().forEach(category -> reply.addCategories(CategoryCount.newBuilder()
                .setCategory(category.name()).setCount(category.count()).setShare(category.share())
                .setCumulativeShare(category.cumulativeShare())));
        reply(response, reply.build());
    }

    @Override
    public void getDriverAnalysis(GetDriverAnalysisRequest request, StreamObserver<GetDriverAnalysisResponse> response) {
        Violations violations = new Violations();
        DriverAnalysis analysis = analytics.drivers(CurrentTenant.get(),
                query(request.getFilter(), violations), violations);
        GetDriverAnalysisResponse.Builder reply = GetDriverAnalysisResponse.newBuilder()
                .setMinimumSampleSize(analysis.minimumSampleSize());
        for (DriverAnalysis.Driver driver : analysis.drivers()) {
            DimensionDriver.Builder proto = DimensionDriver.newBuilder()
                    .setDimension(SurveyMapper.DIMENSIONS.toProto(driver.dimension()))
                    .setSampleSize(driver.sampleSize())
                    .setSufficient(driver.sufficient());
            driver.correlation().ifPresent(proto::setCorrelation);
            driver.slope().ifPresent(proto::setSlope);
            reply.addDrivers(proto);
        }
        reply(response, reply.build());
    }

    @Override
    public void getRecoveryStats(GetRecoveryStatsRequest request, StreamObserver<GetRecoveryStatsResponse> response) {
        Violations violations = new Violations();
        RecoveryStats stats = analytics.recovery(CurrentTenant.get(),
                instant(request.hasStartTime(), request.getStartTime(),
                "start_time", violations), instant(request.hasEndTime(), request.getEndTime(), "end_time", violations),
                violations);
        GetRecoveryStatsResponse.Builder reply = GetRecoveryStatsResponse.newBuilder()
                .setDetractorCount(stats.detractorCount())
                .setRescuedCount(stats.rescuedCount());
        stats.rescueRate().ifPresent(reply::setRescueRate);
        reply(response, reply.build());
    }

    @Override
    public void getCustomerFeedbackSummary(GetCustomerFeedbackSummaryRequest request,
            StreamObserver<io.exceed.feedback.v1.CustomerFeedbackSummary> response) {
        CustomerFeedbackSummary summary = analytics.customerSummary(CurrentTenant.get(),
                request.getCustomerId(), new Violations());
        io.exceed.feedback.v1.CustomerFeedbackSummary.Builder reply = io.exceed.feedback.v1.CustomerFeedbackSummary
                .newBuilder()
                .setCustomerId(summary.customerId())
                .setResponseCount(summary.responseCount())
                .setOpenComplaintCount(summary.openComplaintCount())
                .setComplaintCount(summary.complaintCount());
        if (summary.npsTrend() != CustomerFeedbackSummary.Trend.UNKNOWN) {
            reply.setNpsTrend(TRENDS.toProto(summary.npsTrend()));
        }
        if (summary.latestNps() != null) {
            reply.setLatestNps(summary.latestNps());
        }
        if (summary.latestCsat() != null) {
            reply.setLatestCsat(summary.latestCsat());
        }
        if (summary.latestCes() != null) {
            reply.setLatestCes(summary.latestCes());
        }
        if (summary.latestResponseTime() != null) {
            reply.setLatestResponseTime(ProtoTimes.timestamp(summary.latestResponseTime()));
        }
        reply(response, reply.build());
    }

    private static ResponseQuery query(ResponseFilter filter, Violations violations) {
        Set<Dimension> dimensions = new HashSet<>();
        filter.getDimensionsList().forEach(dimension -> dimensions.add(SurveyMapper.DIMENSIONS.toDomain(dimension)));
        return new ResponseQuery(
                instant(filter.hasStartTime(), filter.getStartTime(), "filter.start_time", violations),
                instant(filter.hasEndTime(), filter.getEndTime(), "filter.end_time", violations),
                filter.getSurveyId(), filter.getSegmentMap(), dimensions);
    }

    private static Instant instant(boolean present, Timestamp timestamp, String field, Violations violations) {
        return present ? ProtoTimes.instant(timestamp, field, violations) : null;
    }

    private static io.exceed.feedback.v1.Scores toProto(Scores scores) {
        NpsScore.Builder nps = NpsScore.newBuilder().setCount(scores.nps().count())
                .setPromoters(scores.nps().promoters()).setPassives(scores.nps().passives())
                .setDetractors(scores.nps().detractors());
        scores.nps().score().ifPresent(nps::setScore);
        CsatScore.Builder csat = CsatScore.newBuilder().setCount(scores.csat().count())
                .setSatisfied(scores.csat().satisfied());
        scores.csat().score().ifPresent(csat::setScore);
        CesScore.Builder ces = CesScore.newBuilder().setCount(scores.ces().count());
        scores.ces().mean().ifPresent(ces::setMean);
        io.exceed.feedback.v1.Scores.Builder proto = io.exceed.feedback.v1.Scores.newBuilder()
                .setResponseCount(scores.responseCount()).setNps(nps).setCsat(csat).setCes(ces);
        scores.gaps().forEach(gap -> proto.addGaps(DimensionGapStats.newBuilder()
                .setDimension(SurveyMapper.DIMENSIONS.toProto(gap.dimension()))
                .setCount(gap.count()).setMeanPerceived(gap.meanPerceived()).setMeanExpected(gap.meanExpected())
                .setMeanGap(gap.meanGap()).setExceededCount(gap.exceededCount()).setExceededRate(gap.exceededRate())));
        return proto.build();
    }
}
