package io.exceed.feedback;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.EvaluatePlaybooksResponse;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * followup-service's playbooks as feedback-service sees them: a gRPC server on a real port that records every
 * evaluation with the tenant it came for, and answers as a test sets it (up, down, or refusing; what a
 * validate_only evaluation would schedule).
 */
final class FakeFollowUps extends PlaybookServiceGrpc.PlaybookServiceImplBase {

    record Evaluation(String tenant, EvaluatePlaybooksRequest request) {
    }

    static final FakeFollowUps INSTANCE = new FakeFollowUps();

    private final Queue<Evaluation> evaluations = new ConcurrentLinkedQueue<>();
    private volatile Status answer = Status.OK;
    private volatile EvaluatePlaybooksResponse preview = EvaluatePlaybooksResponse.getDefaultInstance();
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(this);
        }
        return "localhost:" + server.getPort();
    }

    /** Answer every call with this status from now on; OK evaluates. */
    void answer(Status status) {
        answer = status;
    }

    /** Answer validate_only evaluations with these follow-ups from now on, as followup-service's playbooks would. */
    void preview(EvaluatePlaybooksResponse followUps) {
        preview = followUps;
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
        reply.onNext(request.getValidateOnly() ? preview : EvaluatePlaybooksResponse.getDefaultInstance());
        reply.onCompleted();
    }
}
