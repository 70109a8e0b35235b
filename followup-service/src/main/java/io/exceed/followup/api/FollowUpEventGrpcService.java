package io.exceed.followup.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.exceed.defaults.api.Paging;
import io.exceed.defaults.error.Violations;
import io.exceed.eventing.Feed;
import io.exceed.eventing.FeedEntry;
import io.exceed.eventing.FeedWatches;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.v1.FollowUpEventServiceGrpc;
import io.exceed.followup.v1.ListFollowUpEventsRequest;
import io.exceed.followup.v1.ListFollowUpEventsResponse;
import io.exceed.followup.v1.WatchFollowUpEventsRequest;
import io.grpc.stub.StreamObserver;

/** The follow-up event feed over gRPC: pages for pollers, and resumable watches for partners. */
@Service
public class FollowUpEventGrpcService extends FollowUpEventServiceGrpc.FollowUpEventServiceImplBase {

    private final Feed<FollowUpEvent> feed;
    private final FeedWatches<FollowUpEvent> watches;

    public FollowUpEventGrpcService(Feed<FollowUpEvent> feed, FeedWatches<FollowUpEvent> watches) {
        this.feed = feed;
        this.watches = watches;
    }

    @Override
    public void listFollowUpEvents(ListFollowUpEventsRequest request,
            StreamObserver<ListFollowUpEventsResponse> response) {
        Violations violations = new Violations();
        Set<FollowUpEventType> types = types(request.getTypesList(), violations);
        violations.require(request.getAfterSequence() >= 0, "after_sequence", "must be 0 or more");
        violations.require(request.getPageSize() >= 0 && request.getPageSize() <= Paging.MAX_PAGE_SIZE, "page_size",
                "must be 0 to " + Paging.MAX_PAGE_SIZE);
        violations.throwIfAny();
        Feed.Batch<FollowUpEvent> batch = feed.read(CurrentTenant.get(), request.getAfterSequence(),
                ofTypes(types), Paging.pageSize(request.getPageSize()));
        response.onNext(ListFollowUpEventsResponse.newBuilder()
                .addAllEvents(batch.entries().stream().map(FollowUpEventGrpcService::toProto).toList())
                .setNextAfterSequence(batch.nextAfterSequence())
                .build());
        response.onCompleted();
    }

    @Override
    public void watchFollowUpEvents(WatchFollowUpEventsRequest request,
            StreamObserver<io.exceed.followup.v1.FollowUpEvent> response) {
        Violations violations = new Violations();
        Set<FollowUpEventType> types = types(request.getTypesList(), violations);
        violations.require(request.getAfterSequence() >= 0, "after_sequence", "must be 0 or more");
        violations.throwIfAny();
        watches.watch(CurrentTenant.get(), request.getAfterSequence(), ofTypes(types),
                FollowUpEventGrpcService::toProto, response);
    }

    /** Ends open watches on shutdown; callers resume after the last sequence they received, on another replica. */
    @EventListener(ContextClosedEvent.class)
    public void endWatches() {
        watches.endAll();
    }

    private static Predicate<FollowUpEvent> ofTypes(Set<FollowUpEventType> types) {
        return event -> types.isEmpty() || types.contains(event.type());
    }

    private static Set<FollowUpEventType> types(List<io.exceed.followup.v1.FollowUpEventType> requested,
            Violations violations) {
        Set<FollowUpEventType> types = EnumSet.noneOf(FollowUpEventType.class);
        for (int i = 0; i < requested.size(); i++) {
            FollowUpEventType type = FollowUpEventMapper.TYPES.toDomain(requested.get(i));
            violations.require(type != null, "types[" + i + "]", "is not a follow-up event type");
            if (type != null) {
                types.add(type);
            }
        }
        return types;
    }

    private static io.exceed.followup.v1.FollowUpEvent toProto(FeedEntry<FollowUpEvent> entry) {
        return FollowUpEventMapper.toProto(entry.event(), entry.sequence());
    }
}
