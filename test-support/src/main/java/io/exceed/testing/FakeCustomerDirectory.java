package io.exceed.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.exceed.customer.v1.CheckCustomerRequest;
import io.exceed.customer.v1.CheckCustomerResponse;
import io.exceed.customer.v1.CustomerDirectoryServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * customer-service's directory as the services that ask it see it, served beside a test's customer-service fake:
 * every customer is known unless a test says otherwise. It has its own outage switch, so the tests of other calls'
 * fallbacks can take those down alone.
 */
public final class FakeCustomerDirectory extends CustomerDirectoryServiceGrpc.CustomerDirectoryServiceImplBase {

    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Set<String> erased = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    /** The directory knows no customer {@code customerId} in {@code tenant}. */
    public void unknown(String tenant, String customerId) {
        unknown.add(tenant + "/" + customerId);
    }

    /** The directory says {@code tenant}'s customer {@code customerId} was erased. */
    public void erased(String tenant, String customerId) {
        erased.add(tenant + "/" + customerId);
    }

    /** The directory answers UNAVAILABLE from now on, or again as usual. */
    public void down(boolean down) {
        this.down = down;
    }

    @Override
    public void checkCustomer(CheckCustomerRequest request, StreamObserver<CheckCustomerResponse> reply) {
        String key = FakePeers.TENANT.get() + "/" + request.getCustomerId();
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
        } else if (unknown.contains(key)) {
            reply.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId())
                    .asRuntimeException());
        } else if (erased.contains(key)) {
            reply.onError(Status.FAILED_PRECONDITION.withDescription("customer was erased").asRuntimeException());
        } else {
            reply.onNext(CheckCustomerResponse.newBuilder().setCustomerId(request.getCustomerId()).build());
            reply.onCompleted();
        }
    }
}
