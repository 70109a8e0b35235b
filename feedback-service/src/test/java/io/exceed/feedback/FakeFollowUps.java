package io.exceed.feedback;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exceed.defaults.tenancy.TenantInterceptor;
import io.exceed.followup.v1.EvaluatePlaybooksRequest;
import io.exceed.followup.v1.EvaluatePlaybooksResponse;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * followup-service's playbooks as feedback-service sees them: a gRPC server on a real port that records every
 * evaluation with the tenant it came for, and answers as a test sets it (up, down, or refusing).
 */
final class FakeFollowUps extends PlaybookServiceGrpc.PlaybookServiceImplBase {

    record Evaluation(String tenant, EvaluatePlaybooksRequest request) {
    }

    private static final Context.Key<String> TENANT = Context.key("tenant");
    static final FakeFollowUps INSTANCE = new FakeFollowUps();

    private final Queue<Evaluation> evaluations = new ConcurrentLinkedQueue<>();
    private volatile Status answer = Status.OK;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            ServerInterceptor tenants = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                        ServerCallHandler<Q, R> next) {
                    return Contexts.interceptCall(Context.current().withValue(TENANT,
                            headers.get(TenantInterceptor.TENANT_KEY)), call, headers, next);
                }
            };
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(ServerInterceptors.intercept(this, tenants)).build().start();
        }
        return "localhost:" + server.getPort();
    }

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
        evaluations.add(new Evaluation(TENANT.get(), request));
        reply.onNext(EvaluatePlaybooksResponse.getDefaultInstance());
        reply.onCompleted();
    }
}
