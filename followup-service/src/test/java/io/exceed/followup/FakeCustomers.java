package io.exceed.followup;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.defaults.tenancy.TenantInterceptor;
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
 * customer-service as followup-service sees it: a gRPC server on a real port answering GetCustomer from the
 * customers a test puts in, per tenant (NOT_FOUND for the rest), or UNAVAILABLE while a test has it down.
 */
final class FakeCustomers extends CustomerServiceGrpc.CustomerServiceImplBase {

    private static final Context.Key<String> TENANT = Context.key("tenant");
    static final FakeCustomers INSTANCE = new FakeCustomers();

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean down;
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
        Customer customer = customers.get(TENANT.get() + "/" + request.getCustomerId());
        if (customer == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId()).asRuntimeException());
            return;
        }
        reply.onNext(customer);
        reply.onCompleted();
    }
}
