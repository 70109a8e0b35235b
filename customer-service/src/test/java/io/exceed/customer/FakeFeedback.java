package io.exceed.customer;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exceed.feedback.v1.CustomerFeedbackSummary;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.GetCustomerFeedbackSummaryRequest;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PseudonymizeCustomerResponse;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

/**
 * feedback-service as customer-service sees it: its erasure part and the customer feedback summary, on a real port,
 * recording every call with its tenant and answering as a test sets it.
 */
final class FakeFeedback {

    /** A call that reached the fake, and whether it was answered normally. */
    record Call(String tenant, String method, String customerId, String pseudonym, FakePeerBehaviour answer) {
    }

    static final FakeFeedback INSTANCE = new FakeFeedback();

    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile FakePeerBehaviour behaviour = FakePeerBehaviour.UP;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(new Erasure(), new Analytics());
        }
        return "localhost:" + server.getPort();
    }

    void behave(FakePeerBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    List<Call> callsFor(String tenant) {
        return calls.stream().filter(call -> tenant.equals(call.tenant())).toList();
    }

    static CustomerFeedbackSummary summaryOf(String customerId) {
        return CustomerFeedbackSummary.newBuilder().setCustomerId(customerId).setResponseCount(3).setLatestNps(9)
                .setOpenComplaintCount(1).setComplaintCount(2).build();
    }

    private final class Erasure extends FeedbackErasureServiceGrpc.FeedbackErasureServiceImplBase {
        @Override
        public void pseudonymizeCustomer(PseudonymizeCustomerRequest request,
                StreamObserver<PseudonymizeCustomerResponse> reply) {
            FakePeerBehaviour answer = behaviour;
            calls.add(new Call(FakePeers.TENANT.get(), "PseudonymizeCustomer", request.getCustomerId(),
                    request.getPseudonym(), answer));
            answer.answer(reply, () -> PseudonymizeCustomerResponse.newBuilder().setResponses(2).build());
        }
    }

    private final class Analytics extends FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceImplBase {
        @Override
        public void getCustomerFeedbackSummary(GetCustomerFeedbackSummaryRequest request,
                StreamObserver<CustomerFeedbackSummary> reply) {
            FakePeerBehaviour answer = behaviour;
            calls.add(new Call(FakePeers.TENANT.get(), "GetCustomerFeedbackSummary", request.getCustomerId(), "",
                    answer));
            answer.answer(reply, () -> summaryOf(request.getCustomerId()));
        }
    }
}
