package io.exceed.feedback.api;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import io.exceed.defaults.api.Paging;
import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.config.FeedbackProperties;
import io.exceed.feedback.domain.event.FeedReader;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.event.FeedbackEventType;
import io.exceed.feedback.domain.event.SequencedEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.ListFeedbackEventsRequest;
import io.exceed.feedback.v1.ListFeedbackEventsResponse;
import io.exceed.feedback.v1.Severity;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The feedback event feed over gRPC: pages for pollers, and watches that poll the feed on a shared scheduler
 * (no thread is held per watch) until the caller cancels.
 */
@Service
public class FeedbackEventGrpcService extends FeedbackEventServiceGrpc.FeedbackEventServiceImplBase {

    private static final ProtoEnums<io.exceed.feedback.v1.FeedbackEventType, FeedbackEventType> TYPES =
            new ProtoEnums<>(FeedbackEventType.class, "FEEDBACK_EVENT_TYPE_",
                    io.exceed.feedback.v1.FeedbackEventType.getDescriptor(),
                    io.exceed.feedback.v1.FeedbackEventType::valueOf);
    /** Events a watch examines per poll; a full batch polls again at once. */
    private static final int WATCH_BATCH = 100;

    private final FeedReader reader;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    private final Set<Watch> open = ConcurrentHashMap.newKeySet();

    public FeedbackEventGrpcService(FeedReader reader, ScheduledExecutorService feedWatchScheduler,
            FeedbackProperties properties) {
        this.reader = reader;
        this.scheduler = feedWatchScheduler;
        this.pollInterval = properties.events().watchPollInterval();
    }

    @Override
    public void listFeedbackEvents(ListFeedbackEventsRequest request, StreamObserver<ListFeedbackEventsResponse> response) {
        Violations violations = new Violations();
        Set<FeedbackEventType> types = types(request.getTypesList(), violations);
        violations.require(request.getAfterSequence() >= 0, "after_sequence", "must be 0 or more");
        violations.require(request.getPageSize() >= 0 && request.getPageSize() <= Paging.MAX_PAGE_SIZE, "page_size",
                "must be 0 to " + Paging.MAX_PAGE_SIZE);
        violations.throwIfAny();
        FeedReader.Batch batch = reader.read(tenant(), request.getAfterSequence(), types,
                Paging.pageSize(request.getPageSize()));
        response.onNext(ListFeedbackEventsResponse.newBuilder()
                .addAllEvents(batch.events().stream().map(FeedbackEventGrpcService::toProto).toList())
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
        Watch watch = new Watch(tenant(), types, request.getAfterSequence(),
                (ServerCallStreamObserver<io.exceed.feedback.v1.FeedbackEvent>) response);
        open.add(watch);
        watch.poll();
    }

    /**
     * Ends every watch when the service shuts down, so the gRPC server does not wait out its grace period for
     * streams that never end; callers resume after the last sequence they received, on another replica.
     */
    @EventListener(ContextClosedEvent.class)
    public void endWatches() {
        open.forEach(Watch::end);
    }

    /** One caller's watch: polls, sends what is new, and schedules the next poll until cancelled. */
    private final class Watch {
        private final TenantId tenant;
        private final Set<FeedbackEventType> types;
        private final ServerCallStreamObserver<io.exceed.feedback.v1.FeedbackEvent> stream;
        private long cursor;
        private boolean ended;

        Watch(TenantId tenant, Set<FeedbackEventType> types, long cursor,
                ServerCallStreamObserver<io.exceed.feedback.v1.FeedbackEvent> stream) {
            this.tenant = tenant;
            this.types = types;
            this.cursor = cursor;
            this.stream = stream;
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                open.remove(this);
                stream.onCompleted();
            }
        }

        synchronized void poll() {
            if (ended || stream.isCancelled()) {
                open.remove(this);
                return;
            }
            boolean more = false;
            try {
                // A slow consumer is not sent more than its transport buffers: wait until it is ready again.
                if (stream.isReady()) {
                    FeedReader.Batch batch = reader.read(tenant, cursor, types, WATCH_BATCH);
                    batch.events().forEach(event -> stream.onNext(toProto(event)));
                    more = batch.nextAfterSequence() - cursor >= WATCH_BATCH;
                    cursor = batch.nextAfterSequence();
                }
                scheduler.schedule(this::poll, more ? 0 : pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                ended = true;
                open.remove(this);
                stream.onError(io.grpc.Status.UNAVAILABLE.withDescription("the event feed is unavailable; "
                        + "resume after sequence " + cursor).withCause(e).asRuntimeException());
            }
        }
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

    private static io.exceed.feedback.v1.FeedbackEvent toProto(SequencedEvent sequenced) {
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

    private static TenantId tenant() {
        return CurrentTenant.get();
    }
}
