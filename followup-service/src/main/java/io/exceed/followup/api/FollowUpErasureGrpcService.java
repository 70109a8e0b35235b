package io.exceed.followup.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import org.springframework.stereotype.Service;

import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.domain.erasure.CustomerErasure;
import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsResponse;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The internal FollowUpErasureService contract, called by customer-service when it erases a customer. */
@Service
public class FollowUpErasureGrpcService extends FollowUpErasureServiceGrpc.FollowUpErasureServiceImplBase {

    private final CustomerErasure erasure;

    public FollowUpErasureGrpcService(CustomerErasure erasure) {
        this.erasure = erasure;
    }

    @Override
    public void eraseCustomerFollowUps(EraseCustomerFollowUpsRequest request,
            StreamObserver<EraseCustomerFollowUpsResponse> response) {
        CustomerErasure.Erased erased = erasure.erase(CurrentTenant.get(), request.getCustomerId(),
                request.getPseudonym());
        reply(response, EraseCustomerFollowUpsResponse.newBuilder()
                .setCancelled(erased.cancelled())
                .setScrubbed(erased.scrubbed())
                .build());
    }
}
