package io.exceed.followup;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * customer-service as followup-service sees it: a gRPC server on a real port answering GetCustomer from the
 * customers a test puts in, per tenant (NOT_FOUND for the rest), or UNAVAILABLE while a test has it down.
 */
final class FakeCustomers extends CustomerServiceGrpc.CustomerServiceImplBase {

    static final FakeCustomers INSTANCE = new FakeCustomers();

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean down;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(this);
        }
        return "localhost:" + server.getPort();
    }

    void put(String tenant, Customer customer) {
        customers.put(tenant + "/" + customer.getId(), customer);
    }

    void down(boolean down) {
        this.down = down;
    }

    int reads() {
        return reads.get();
    }

    @Override
    public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> reply) {
        reads.incrementAndGet();
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        Customer customer = customers.get(FakePeers.TENANT.get() + "/" + request.getCustomerId());
        if (customer == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId()).asRuntimeException());
            return;
        }
        reply.onNext(customer);
        reply.onCompleted();
    }
}
