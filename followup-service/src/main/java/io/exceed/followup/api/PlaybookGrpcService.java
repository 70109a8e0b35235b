package io.exceed.followup.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.util.Optional;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.application.PlaybookEvaluations;
import io.exceed.followup.domain.playbook.EvaluatePlaybooks;
import io.exceed.followup.domain.playbook.Playbook;
import io.exceed.followup.domain.playbook.PlaybookFilter;
import io.exceed.followup.domain.playbook.Playbooks;
import io.exceed.followup.domain.playbook.UpdatePlaybook;
import io.exceed.followup.v1.ArchivePlaybookRequest;
import io.exceed.followup.v1.CreatePlaybookRequest;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.EvaluatePlaybooksResponse;
import io.exceed.followup.v1.GetPlaybookRequest;
import io.exceed.followup.v1.ListPlaybooksRequest;
import io.exceed.followup.v1.ListPlaybooksResponse;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.followup.v1.PlaybookState;
import io.exceed.followup.v1.UpdatePlaybookRequest;
import io.grpc.stub.StreamObserver;

/** The PlaybookService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class PlaybookGrpcService extends PlaybookServiceGrpc.PlaybookServiceImplBase {


    private final Playbooks playbooks;
    private final PlaybookEvaluations evaluations;

    public PlaybookGrpcService(Playbooks playbooks, PlaybookEvaluations evaluations) {
        this.playbooks = playbooks;
        this.evaluations = evaluations;
    }

    @Override
    public void createPlaybook(CreatePlaybookRequest request, StreamObserver<io.exceed.followup.v1.Playbook> response) {
        Violations violations = new Violations();
        violations.require(request.hasPlaybook(), "playbook", "is required");
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        reply(response, PlaybookMapper.toProto(playbooks.create(CurrentTenant.get(),
                PlaybookMapper.definition(request.getPlaybook(), "playbook.", violations), requestId, violations)));
    }

    @Override
    public void getPlaybook(GetPlaybookRequest request, StreamObserver<io.exceed.followup.v1.Playbook> response) {
        reply(response, PlaybookMapper.toProto(playbooks.get(CurrentTenant.get(),
                request.getPlaybookId(), request.getVersion())));
    }

    @Override
    public void listPlaybooks(ListPlaybooksRequest request, StreamObserver<ListPlaybooksResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        violations.require(request.getEventKind() != PlaybookEventKind.UNRECOGNIZED, "event_kind",
                "is not a known event kind");
        violations.require(request.getState() != PlaybookState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        PlaybookFilter filter = new PlaybookFilter(PlaybookMapper.EVENT_KINDS.toDomain(request.getEventKind()),
                PlaybookMapper.STATES.toDomain(request.getState()));
        Page<Playbook> page = playbooks.list(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListPlaybooksResponse.newBuilder()
                .addAllPlaybooks(page.items().stream().map(PlaybookMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void updatePlaybook(UpdatePlaybookRequest request, StreamObserver<io.exceed.followup.v1.Playbook> response) {
        Violations violations = new Violations();
        violations.require(request.hasPlaybook(), "playbook", "is required");
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        UpdatePlaybook command = new UpdatePlaybook(request.getPlaybook().getId(),
                PlaybookMapper.definition(request.getPlaybook(), "playbook.", violations),
                request.getUpdateMask().getPathsList(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, PlaybookMapper.toProto(playbooks.update(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void archivePlaybook(ArchivePlaybookRequest request,
            StreamObserver<io.exceed.followup.v1.Playbook> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, PlaybookMapper.toProto(playbooks.archive(CurrentTenant.get(), request.getPlaybookId(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId)));
    }

    @Override
    public void evaluatePlaybooks(EvaluatePlaybooksRequest request,
            StreamObserver<EvaluatePlaybooksResponse> response) {
        Violations violations = new Violations();
        violations.require(request.hasEvent(), "event", "is required");
        RequestIds.check(request.getRequestId(), violations);
        EvaluatePlaybooks command = new EvaluatePlaybooks(PlaybookMapper.event(request.getEvent(), "event.",
                violations), request.getValidateOnly(), request.getActor());
        reply(response, EvaluatePlaybooksResponse.newBuilder()
                .addAllFollowUps(evaluations.evaluate(CurrentTenant.get(), command, violations).stream()
                        .map(FollowUpMapper::toProto).toList())
                .build());
    }
}
