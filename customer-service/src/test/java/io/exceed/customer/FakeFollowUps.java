package io.exceed.customer;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsResponse;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListFollowUpsResponse;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

/**
 * followup-service as customer-service sees it: its erasure part, the follow-up list and the playbooks
 * ({@link FakePlaybooks}), on a real port, recording
 * every call with its tenant and answering as a test sets it. Every customer has one open and one done follow-up.
 */
final class FakeFollowUps {

    static final FakeFollowUps INSTANCE = new FakeFollowUps();

    private final Queue<FakeFeedback.Call> calls = new ConcurrentLinkedQueue<>();
    private volatile FakePeerBehaviour behaviour = FakePeerBehaviour.UP;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(new Erasure(), new FollowUps(), FakePlaybooks.INSTANCE);
        }
        return "localhost:" + server.getPort();
    }

    void behave(FakePeerBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    List<FakeFeedback.Call> callsFor(String tenant) {
        return calls.stream().filter(call -> tenant.equals(call.tenant())).toList();
    }

    static FollowUp open(String customerId) {
        return FollowUp.newBuilder().setId("fu-open-" + customerId).setCustomerId(customerId)
                .setReason(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY)
                .setStatus(FollowUpStatus.FOLLOW_UP_STATUS_DUE).setOwner("maria@shop.example").build();
    }

    static FollowUp done(String customerId) {
        return FollowUp.newBuilder().setId("fu-done-" + customerId).setCustomerId(customerId)
                .setReason(FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN)
                .setStatus(FollowUpStatus.FOLLOW_UP_STATUS_DONE).setOwner("maria@shop.example").build();
    }

    private final class Erasure extends FollowUpErasureServiceGrpc.FollowUpErasureServiceImplBase {
        @Override
        public void eraseCustomerFollowUps(EraseCustomerFollowUpsRequest request,
                StreamObserver<EraseCustomerFollowUpsResponse> reply) {
            FakePeerBehaviour answer = behaviour;
            calls.add(new FakeFeedback.Call(FakePeers.TENANT.get(), "EraseCustomerFollowUps", request.getCustomerId(),
                    request.getPseudonym(), answer));
            answer.answer(reply, () -> EraseCustomerFollowUpsResponse.newBuilder().setCancelled(1).setScrubbed(2)
                    .build());
        }
    }

    private final class FollowUps extends FollowUpServiceGrpc.FollowUpServiceImplBase {
        @Override
        public void listFollowUps(ListFollowUpsRequest request, StreamObserver<ListFollowUpsResponse> reply) {
            FakePeerBehaviour answer = behaviour;
            calls.add(new FakeFeedback.Call(FakePeers.TENANT.get(), "ListFollowUps", request.getCustomerId(), "",
                    answer));
            answer.answer(reply, () -> ListFollowUpsResponse.newBuilder().addFollowUps(open(request.getCustomerId()))
                    .addFollowUps(done(request.getCustomerId())).build());
        }
    }
}
