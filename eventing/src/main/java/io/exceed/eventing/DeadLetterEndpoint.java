package io.exceed.eventing;

import java.util.Optional;

import io.exceed.common.v1.DeadLetter;
import io.exceed.common.v1.DeadLetterState;
import io.exceed.common.v1.ListDeadLettersRequest;
import io.exceed.common.v1.ListDeadLettersResponse;
import io.exceed.common.v1.RetryDeadLetterRequest;
import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A service's dead letters over gRPC. The contract is the same in every service; only its name differs
 * ({@code exceed.<service>.v1.*DeadLetterService}, so the gateway routes each to its own service), so one endpoint
 * serves whichever descriptor it is bound to.
 */
public final class DeadLetterEndpoint {


    private final DeadLetters deadLetters;

    public DeadLetterEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The service {@code descriptor} (a generated {@code *DeadLetterServiceGrpc}'s) answered from these dead letters. */
    public BindableService service(ServiceDescriptor descriptor,
            MethodDescriptor<ListDeadLettersRequest, ListDeadLettersResponse> list,
            MethodDescriptor<RetryDeadLetterRequest, DeadLetter> retry) {
        return () -> ServerServiceDefinition.builder(descriptor)
                .addMethod(list, ServerCalls.asyncUnaryCall(this::list))
                .addMethod(retry, ServerCalls.asyncUnaryCall(this::retry))
                .build();
    }

    private void list(ListDeadLettersRequest request, StreamObserver<ListDeadLettersResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        violations.require(request.getState() != DeadLetterState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        Optional<DeadLetters.State> wanted = switch (request.getState()) {
            case DEAD_LETTER_STATE_OPEN -> Optional.of(DeadLetters.State.OPEN);
            case DEAD_LETTER_STATE_RESOLVED -> Optional.of(DeadLetters.State.RESOLVED);
            case DEAD_LETTER_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
        Page<DeadLetters.DeadLetter> page = deadLetters.list(CurrentTenant.get(), wanted, paging.after(),
                paging.size());
        response.onNext(ListDeadLettersResponse.newBuilder()
                .addAllDeadLetters(page.items().stream().map(DeadLetterEndpoint::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
        response.onCompleted();
    }

    private void retry(RetryDeadLetterRequest request, StreamObserver<DeadLetter> response) {
        Violations violations = new Violations();
        violations.require(!request.getDeadLetterId().isBlank(), "dead_letter_id", "is required");
        violations.throwIfAny();
        response.onNext(toProto(deadLetters.retry(CurrentTenant.get(), request.getDeadLetterId().strip())));
        response.onCompleted();
    }

    static DeadLetter toProto(DeadLetters.DeadLetter deadLetter) {
        return DeadLetter.newBuilder()
                .setId(deadLetter.id())
                .setConsumer(deadLetter.consumer())
                .setSubject(deadLetter.subject())
                .setCustomerId(deadLetter.customerId() == null ? "" : deadLetter.customerId())
                .setReason(deadLetter.reason())
                .setState(switch (deadLetter.state()) {
                    case OPEN -> DeadLetterState.DEAD_LETTER_STATE_OPEN;
                    case RESOLVED -> DeadLetterState.DEAD_LETTER_STATE_RESOLVED;
                })
                .setRetryCount(deadLetter.retries())
                .setCreateTime(ProtoTimes.timestamp(deadLetter.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(deadLetter.updateTime()))
                .build();
    }
}
