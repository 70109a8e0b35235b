package io.exceed.customer.api;

import org.springframework.stereotype.Service;

import io.exceed.common.v1.DeadLetter;
import io.exceed.eventing.DeadLetterEndpoint;
import io.exceed.eventing.DeadLetters;
import io.exceed.customer.v1.CustomerDeadLetterServiceGrpc;
import io.exceed.customer.v1.ListDeadLettersRequest;
import io.exceed.customer.v1.ListDeadLettersResponse;
import io.exceed.customer.v1.RetryDeadLetterRequest;
import io.grpc.stub.StreamObserver;

/** customer-service's dead letters over gRPC: listed, and retried once their cause is fixed. */
@Service
public class CustomerDeadLetterGrpcService extends CustomerDeadLetterServiceGrpc.CustomerDeadLetterServiceImplBase {

    private final DeadLetterEndpoint endpoint;

    public CustomerDeadLetterGrpcService(DeadLetters deadLetters) {
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
