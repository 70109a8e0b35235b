package io.exceed.feedback.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.exceed.defaults.api.Paging;
import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedEntry;
import io.exceed.eventing.FeedWatches;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.ListFeedbackEventsRequest;
import io.exceed.feedback.v1.ListFeedbackEventsResponse;
import io.exceed.feedback.v1.Severity;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.grpc.stub.StreamObserver;

/**
 * The feedback event feed over gRPC: pages for pollers, and watches that stream new events until the caller
 * cancels.
 */
@Service
public class FeedbackEventGrpcService extends FeedbackEventServiceGrpc.FeedbackEventServiceImplBase {

    private static final ProtoEnums<io.exceed.feedback.v1.FeedbackEventType, FeedbackEventType> TYPES =
            new ProtoEnums<>(FeedbackEventType.class, "FEEDBACK_EVENT_TYPE_",
                    io.exceed.feedback.v1.FeedbackEventType.getDescriptor(),
                    io.exceed.feedback.v1.FeedbackEventType::valueOf);

    private final Feed<FeedbackEvent> feed;
    private final FeedWatches<FeedbackEvent> watches;

    public FeedbackEventGrpcService(Feed<FeedbackEvent> feed, FeedWatches<FeedbackEvent> watches) {
        this.feed = feed;
        this.watches = watches;
    }

    @Override
    public void listFeedbackEvents(ListFeedbackEventsRequest request, StreamObserver<ListFeedbackEventsResponse> response) {
        Violations violations = new Violations();
        Set<FeedbackEventType> types = types(request.getTypesList(), violations);
        violations.require(request.getAfterSequence() >= 0, "after_sequence", "must be 0 or more");
        violations.require(request.getPageSize() >= 0 && request.getPageSize() <= Paging.MAX_PAGE_SIZE, "page_size",
                "must be 0 to " + Paging.MAX_PAGE_SIZE);
        violations.throwIfAny();
        Feed.Batch<FeedbackEvent> batch = feed.read(CurrentTenant.get(), request.getAfterSequence(),
                ofTypes(types), Paging.pageSize(request.getPageSize()));
        response.onNext(ListFeedbackEventsResponse.newBuilder()
                .addAllEvents(batch.entries().stream().map(FeedbackEventGrpcService::toProto).toList())
                .setNextAfterSequence(batch.nextAfterSequence())
                .build());
        response.onCompleted();
    }

    @Override
    public void watchFeedbackEvents(WatchFeedbackEventsRequest request,
            StreamObserver<io.exceed.feedback.v1.FeedbackEvent> response) {
        Violations violations = new Violations();
        Set<FeedbackEventType> types = types(request.getTypesList(), violations);
        violations.require(request.getAfterSequence() >= 0, "after_sequence", "must be 0 or more");
        violations.throwIfAny();
        watches.watch(CurrentTenant.get(),
                request.getAfterSequence(), ofTypes(types), FeedbackEventGrpcService::toProto,
                response);
    }

    /** Ends open watches on shutdown; callers resume after the last sequence they received, on another replica. */
    @EventListener(ContextClosedEvent.class)
    public void endWatches() {
        watches.endAll();
    }

    private static Predicate<FeedbackEvent> ofTypes(Set<FeedbackEventType> types) {
        return event -> types.isEmpty() || types.contains(event.type());
    }

    private static Set<FeedbackEventType> types(List<io.exceed.feedback.v1.FeedbackEventType> requested,
            Violations violations) {
        Set<FeedbackEventType> types = EnumSet.noneOf(FeedbackEventType.class);
        for (int i = 0; i < requested.size(); i++) {
            FeedbackEventType type = TYPES.toDomain(requested.get(i));
            violations.require(type != null, "types[" + i + "]", "is not a feedback event type");
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    private static io.exceed.feedback.v1.FeedbackEvent toProto(FeedEntry<FeedbackEvent> sequenced) {
        FeedbackEvent event = sequenced.event();
        io.exceed.feedback.v1.FeedbackEvent.Builder proto = io.exceed.feedback.v1.FeedbackEvent.newBuilder()
                .setId(event.id())
                .setSequence(sequenced.sequence())
                .setType(TYPES.toProto(event.type()))
                .setCustomerId(event.customerId())
                .setOccurTime(ProtoTimes.timestamp(event.occurTime()));
        if (event.responseId() != null) {
            proto.setResponseId(event.responseId()).setSurveyId(event.surveyId());
        }
        if (event.npsScore() != null) {
            proto.setNpsScore(event.npsScore());
        }
        if (event.complaintId() != null) {
            proto.setComplaintId(event.complaintId()).setCategory(event.category())
                    .setSeverity(Severity.valueOf("SEVERITY_" + event.severity()));
        }
        return proto.build();
    }
}
