package io.exceed.customer;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.EvaluatePlaybooksResponse;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.testing.FakePeers;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * followup-service's playbooks as customer-service sees them, served by {@link FakeFollowUps} on a real port: records
 * every evaluation with the tenant it came for, and answers as a test sets it (up, down, or refusing).
 */
final class FakePlaybooks extends PlaybookServiceGrpc.PlaybookServiceImplBase {

    record Evaluation(String tenant, EvaluatePlaybooksRequest request) {
    }

    static final FakePlaybooks INSTANCE = new FakePlaybooks();

    private final Queue<Evaluation> evaluations = new ConcurrentLinkedQueue<>();
    private volatile Status answer = Status.OK;
    /** Answer every call with this status from now on; OK evaluates. */
    void answer(Status status) {
        answer = status;
    }

    List<Evaluation> evaluationsFor(String tenant) {
        return evaluations.stream().filter(e -> tenant.equals(e.tenant())).toList();
    }

    @Override
    public void evaluatePlaybooks(EvaluatePlaybooksRequest request, StreamObserver<EvaluatePlaybooksResponse> reply) {
        Status status = answer;
        if (!status.isOk()) {
            reply.onError(status.asRuntimeException());
            return;
        }
        evaluations.add(new Evaluation(FakePeers.TENANT.get(), request));
        reply.onNext(EvaluatePlaybooksResponse.getDefaultInstance());
        reply.onCompleted();
    }
}
