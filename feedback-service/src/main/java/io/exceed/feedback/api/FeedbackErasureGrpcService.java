package io.exceed.feedback.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import org.springframework.stereotype.Service;

import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.feedback.domain.erasure.CustomerErasure;
import io.exceed.feedback.domain.erasure.ErasureStore;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.feedback.v1.PseudonymizeCustomerResponse;
import io.grpc.stub.StreamObserver;

/** The internal FeedbackErasureService contract, called by customer-service when it erases a customer. */
@Service
public class FeedbackErasureGrpcService extends FeedbackErasureServiceGrpc.FeedbackErasureServiceImplBase {

    private final CustomerErasure erasure;

    public FeedbackErasureGrpcService(CustomerErasure erasure) {
        this.erasure = erasure;
    }

    @Override
    public void pseudonymizeCustomer(PseudonymizeCustomerRequest request,
            StreamObserver<PseudonymizeCustomerResponse> response) {
        ErasureStore.Pseudonymised done = erasure.pseudonymise(CurrentTenant.get(), request.getCustomerId(),
                request.getPseudonym());
        reply(response, PseudonymizeCustomerResponse.newBuilder()
                .setResponses(done.responses())
                .setInvitations(done.invitations())
                .setComplaints(done.complaints())
                .setEvents(done.events())
                .setRecoverySurveys(done.recoverySurveys())
                .build());
    }
}
