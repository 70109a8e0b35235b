package io.exceed.feedback.client;

import java.time.Clock;
import java.util.Set;

import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.CustomerRelationshipServiceGrpc;
import io.exceed.customer.v1.FeedbackSummary;
import io.exceed.customer.v1.ScoreTrend;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.eventing.FeedDelivery;
import io.exceed.feedback.domain.analytics.Analytics;
import io.exceed.feedback.domain.analytics.CustomerFeedbackSummary;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Sends customer-service the customer's feedback summary after each of their responses and complaint changes, so
 * it can derive the relationship state. The summary is read when the event is delivered, so it covers that event
 * and every earlier one; it carries the time it was read, and customer-service ignores one older than what it
 * applied. Fallback while customer-service cannot be reached: none is needed; the event stays in the feed and
 * the delivery retries with backoff, so the state catches up when customer-service is back.
 */
public final class RelationshipUpdates implements FeedDelivery.Consumer<FeedbackEvent> {

    public static final String CONSUMER = "customer-service-relationship";
    public static final String TARGET = "customer-service";

    /** Answers about the customer itself (unknown, erased, malformed): asking again gets the same answer. */
    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.NOT_FOUND, Status.Code.OUT_OF_RANGE,
            Status.Code.PERMISSION_DENIED);

    private final CustomerRelationshipServiceGrpc.CustomerRelationshipServiceBlockingStub relationships;
    private final Analytics analytics;
    private final Clock clock;

    public RelationshipUpdates(ServiceClients clients, Analytics analytics, Clock clock) {
        this.relationships = CustomerRelationshipServiceGrpc.newBlockingStub(
                clients.channel(TARGET, CustomerRelationshipServiceGrpc.getServiceDescriptor()));
        this.analytics = analytics;
        this.clock = clock;
    }

    /** DETRACTOR_RECEIVED is recorded beside its RESPONSE_RECEIVED, which already prompts a summary. */
    public static boolean concernsRelationship(FeedbackEvent event) {
        return event.type() != FeedbackEventType.DETRACTOR_RECEIVED;
    }

    @Override
    public void deliver(TenantId tenant, FeedbackEvent event) {
        var asOf = clock.instant();
        CustomerFeedbackSummary summary = analytics.customerSummary(tenant, event.customerId(), new Violations());
        try {
            TenantCalls.as(tenant, relationships).applyFeedbackSummary(ApplyFeedbackSummaryRequest.newBuilder()
                    .setCustomerId(event.customerId())
                    .setEventId(event.id())
                    .setAsOfTime(ProtoTimes.timestamp(asOf))
                    .setSummary(toProto(summary))
                    .build());
        } catch (StatusRuntimeException e) {
            if (ErasedCustomers.isRefusal(e)) {
                // The customer was erased meanwhile: the event is moot, and the refusal's text names them.
                return;
            }
            if (REFUSALS.contains(e.getStatus().getCode())) {
                throw new DeadLetters.Refused("customer-service refused the summary for event " + event.id() + ": "
                        + DeadLetters.Refused.reason(e.getStatus()), event.customerId(), e);
            }
            throw e;
        }
    }

    static FeedbackSummary toProto(CustomerFeedbackSummary summary) {
        FeedbackSummary.Builder proto = FeedbackSummary.newBuilder()
                .setResponseCount(summary.responseCount())
                .setOpenComplaintCount(summary.openComplaintCount())
                .setComplaintCount(summary.complaintCount())
                .setNpsTrend(switch (summary.npsTrend()) {
                    case UNKNOWN -> ScoreTrend.SCORE_TREND_UNSPECIFIED;
                    case IMPROVING -> ScoreTrend.SCORE_TREND_IMPROVING;
                    case STABLE -> ScoreTrend.SCORE_TREND_STABLE;
                    case DECLINING -> ScoreTrend.SCORE_TREND_DECLINING;
                });
        if (summary.latestNps() != null) {
            proto.setLatestNps(summary.latestNps());
        }
        if (summary.latestCsat() != null) {
            proto.setLatestCsat(summary.latestCsat());
        }
        return proto.build();
    }
}
