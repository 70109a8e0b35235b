package io.exceed.followup.api;

import org.springframework.stereotype.Service;

import io.exceed.common.v1.DeadLetter;
import io.exceed.eventing.DeadLetterEndpoint;
import io.exceed.eventing.DeadLetters;
import io.exceed.followup.v1.FollowUpDeadLetterServiceGrpc;
import io.exceed.followup.v1.ListDeadLettersRequest;
import io.exceed.followup.v1.ListDeadLettersResponse;
import io.exceed.followup.v1.RetryDeadLetterRequest;
import io.grpc.stub.StreamObserver;

/** followup-service's dead letters over gRPC: listed, and retried once their cause is fixed. */
@Service
public class FollowUpDeadLetterGrpcService extends FollowUpDeadLetterServiceGrpc.FollowUpDeadLetterServiceImplBase {

    private final DeadLetterEndpoint endpoint;

    public FollowUpDeadLetterGrpcService(DeadLetters deadLetters) {
        this.endpoint = new DeadLetterEndpoint(deadLetters);
    }

    @Override
    public void listDeadLetters(ListDeadLettersRequest request, StreamObserver<ListDeadLettersResponse> response) {
        DeadLetterEndpoint.Listing listing = endpoint.list(request, request.getState(), request.getPageSize(),
                request.getPageToken());
        response.onNext(ListDeadLettersResponse.newBuilder().addAllDeadLetters(listing.deadLetters())
                .setNextPageToken(listing.nextPageToken()).build());
        response.onCompleted();
    }

    @Override
    public void retryDeadLetter(RetryDeadLetterRequest request, StreamObserver<DeadLetter> response) {
        response.onNext(endpoint.retry(request.getDeadLetterId()));
        response.onCompleted();
    }
}
