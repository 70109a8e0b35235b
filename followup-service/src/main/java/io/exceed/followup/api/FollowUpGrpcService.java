package io.exceed.followup.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.util.Optional;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.domain.followup.CancelFollowUp;
import io.exceed.followup.domain.followup.CompleteFollowUp;
import io.exceed.followup.domain.followup.CreateFollowUp;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpFilter;
import io.exceed.followup.domain.followup.FollowUps;
import io.exceed.followup.domain.followup.ReassignFollowUp;
import io.exceed.followup.domain.followup.StartFollowUp;
import io.exceed.followup.v1.CancelFollowUpRequest;
import io.exceed.followup.v1.CompleteFollowUpRequest;
import io.exceed.followup.v1.CreateFollowUpRequest;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.GetFollowUpRequest;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListFollowUpsResponse;
import io.exceed.followup.v1.ReassignFollowUpRequest;
import io.exceed.followup.v1.StartFollowUpRequest;
import io.grpc.stub.StreamObserver;

/** The FollowUpService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class FollowUpGrpcService extends FollowUpServiceGrpc.FollowUpServiceImplBase {


    private final FollowUps followUps;

    public FollowUpGrpcService(FollowUps followUps) {
        this.followUps = followUps;
    }

    @Override
    public void createFollowUp(CreateFollowUpRequest request, StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        Violations violations = new Violations();
        violations.require(request.hasFollowUp(), "follow_up", "is required");
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        FollowUpDraft draft = FollowUpMapper.draft(request.getFollowUp(), "follow_up.", violations);
        reply(response, FollowUpMapper.toProto(followUps.create(CurrentTenant.get(),
                new CreateFollowUp(draft, request.getActor(), requestId), violations)));
    }

    @Override
    public void getFollowUp(GetFollowUpRequest request, StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        reply(response, FollowUpMapper.toProto(followUps.get(CurrentTenant.get(), request.getFollowUpId())));
    }

    @Override
    public void listFollowUps(ListFollowUpsRequest request, StreamObserver<ListFollowUpsResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        violations.require(request.getStatus() != FollowUpStatus.UNRECOGNIZED, "status", "is not a known status");
        violations.require(request.getReason() != FollowUpReason.UNRECOGNIZED, "reason", "is not a known reason");
        FollowUpFilter filter = new FollowUpFilter(request.getCustomerId(), request.getOwner(),
                request.getStatus() == FollowUpStatus.UNRECOGNIZED ? null
                        : FollowUpMapper.STATUSES.toDomain(request.getStatus()),
                request.getReason() == FollowUpReason.UNRECOGNIZED ? null
                        : FollowUpMapper.REASONS.toDomain(request.getReason()),
                request.hasDueBefore() ? ProtoTimes.instant(request.getDueBefore(), "due_before", violations) : null);
        violations.throwIfAny();
        Page<FollowUp> page = followUps.list(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListFollowUpsResponse.newBuilder()
                .addAllFollowUps(page.items().stream().map(FollowUpMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void startFollowUp(StartFollowUpRequest request, StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        StartFollowUp command = new StartFollowUp(request.getFollowUpId(), request.getActor(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, FollowUpMapper.toProto(followUps.start(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void completeFollowUp(CompleteFollowUpRequest request,
            StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        CompleteFollowUp command = new CompleteFollowUp(request.getFollowUpId(), FollowUpMapper.outcome(request),
                request.getActor(), optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, FollowUpMapper.toProto(followUps.complete(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void cancelFollowUp(CancelFollowUpRequest request, StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        CancelFollowUp command = new CancelFollowUp(request.getFollowUpId(), request.getReason(),
                request.getActor(), optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, FollowUpMapper.toProto(followUps.cancel(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void reassignFollowUp(ReassignFollowUpRequest request,
            StreamObserver<io.exceed.followup.v1.FollowUp> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        ReassignFollowUp command = new ReassignFollowUp(request.getFollowUpId(), request.getOwner(),
                request.getActor(), optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, FollowUpMapper.toProto(followUps.reassign(CurrentTenant.get(), command, violations)));
    }
}
