package io.exceed.customer.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import java.time.Instant;

import org.springframework.stereotype.Service;

import io.exceed.customer.domain.ApplyFeedbackSummary;
import io.exceed.customer.domain.FeedbackSummary;
import io.exceed.customer.domain.Relationships;
import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.ApplyFeedbackSummaryResponse;
import io.exceed.customer.v1.CustomerRelationshipServiceGrpc;
import io.exceed.customer.v1.ScoreTrend;
import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.grpc.stub.StreamObserver;

/** The internal CustomerRelationshipService (called by feedback-service): maps messages to the domain and back. */
@Service
public class CustomerRelationshipGrpcService extends CustomerRelationshipServiceGrpc.CustomerRelationshipServiceImplBase {

    private static final ProtoEnums<ScoreTrend, FeedbackSummary.Trend> TRENDS = new ProtoEnums<>(
            FeedbackSummary.Trend.class, "SCORE_TREND_", ScoreTrend.getDescriptor(), ScoreTrend::valueOf);

    private final Relationships relationships;

    public CustomerRelationshipGrpcService(Relationships relationships) {
        this.relationships = relationships;
    }

    @Override
    public void applyFeedbackSummary(ApplyFeedbackSummaryRequest request,
            StreamObserver<ApplyFeedbackSummaryResponse> response) {
        Violations violations = new Violations();
        Instant asOf = request.hasAsOfTime() ? ProtoTimes.instant(request.getAsOfTime(), "as_of_time", violations)
                : null;
        FeedbackSummary summary = request.hasSummary() ? summary(request.getSummary()) : null;
        Relationships.Outcome outcome = relationships.applyFeedbackSummary(CurrentTenant.get(),
                new ApplyFeedbackSummary(request.getCustomerId(), request.getEventId(), asOf, summary), violations);
        reply(response, ApplyFeedbackSummaryResponse.newBuilder()
                .setRelationshipState(CustomerMapper.RELATIONSHIPS.toProto(outcome.customer().relationship()))
                .setApplied(outcome.applied())
                .setVersion(outcome.customer().version())
                .build());
    }

    private static FeedbackSummary summary(io.exceed.customer.v1.FeedbackSummary summary) {
        FeedbackSummary.Trend trend = summary.getNpsTrend() == ScoreTrend.SCORE_TREND_UNSPECIFIED
                ? FeedbackSummary.Trend.UNKNOWN : TRENDS.toDomain(summary.getNpsTrend());
        return new FeedbackSummary(summary.getResponseCount(),
                summary.hasLatestNps() ? summary.getLatestNps() : null,
                summary.hasLatestCsat() ? summary.getLatestCsat() : null,
                trend, summary.getOpenComplaintCount(), summary.getComplaintCount());
    }
}
