package io.exceed.followup;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Timestamp;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.testing.FakeCustomerDirectory;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * customer-service as followup-service sees it: a gRPC server on a real port answering GetCustomer from the
 * customers a test puts in, per tenant (NOT_FOUND for the rest), and ReserveContact by granting every contact
 * unless a test decides otherwise for a customer; UNAVAILABLE to both while a test has it down. It records the
 * reservations it was asked for.
 */
final class FakeCustomers extends CustomerServiceGrpc.CustomerServiceImplBase {

    static final FakeCustomers INSTANCE = new FakeCustomers();

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Map<String, ReserveContactResponse> decisions = new ConcurrentHashMap<>();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Map<String, List<ContactChannel>> consents = new ConcurrentHashMap<>();
    private final Map<String, List<ContactChannel>> undeliverable = new ConcurrentHashMap<>();
    private final Queue<ReserveContactRequest> reservations = new ConcurrentLinkedQueue<>();
    /** customer-service's directory, served beside this fake. */
    final FakeCustomerDirectory directory = new FakeCustomerDirectory();
    private volatile boolean down;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(this, directory);
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

    /** From now on {@code tenant}'s contacts with {@code customerId} are denied for {@code reason}. */
    void deny(String tenant, String customerId, ContactDenialReason reason, Instant nextAllowedTime) {
        ReserveContactResponse.Builder denial = ReserveContactResponse.newBuilder()
                .setDecision(ContactDecision.CONTACT_DECISION_DENIED).setDenialReason(reason);
        if (nextAllowedTime != null) {
            denial.setNextAllowedTime(Timestamp.newBuilder().setSeconds(nextAllowedTime.getEpochSecond())
                    .setNanos(nextAllowedTime.getNano()));
        }
        decisions.put(tenant + "/" + customerId, denial.build());
    }

    /**
     * From now on {@code tenant}'s customer {@code customerId} consents to {@code allowed} only: a contact on any
     * other channel is denied for NO_CONSENT, naming the allowed ones, as customer-service does.
     */
    void consent(String tenant, String customerId, ContactChannel... allowed) {
        consents.put(tenant + "/" + customerId, List.of(allowed));
    }

    /**
     * From now on messages on {@code channel} (e-mail, SMS) reach no address or number of {@code tenant}'s customer
     * {@code customerId}: a contact on it is denied for UNDELIVERABLE, naming the other channels the customer allows,
     * as customer-service does.
     */
    void undeliverable(String tenant, String customerId, ContactChannel channel, ContactChannel... otherChannels) {
        undeliverable.put(tenant + "/" + customerId + "/" + channel.name(), List.of(otherChannels));
    }

    /** From now on {@code tenant}'s contacts with {@code customerId} are granted again. */
    void grant(String tenant, String customerId) {
        decisions.remove(tenant + "/" + customerId);
    }

    /** {@code tenant} has no customer {@code customerId}: ReserveContact answers NOT_FOUND. */
    void unknown(String tenant, String customerId) {
        unknown.add(tenant + "/" + customerId);
    }

    /** customer-service refuses {@code tenant}'s requests about {@code customerId} themselves: INVALID_ARGUMENT. */
    void rejectRequests(String tenant, String customerId, boolean reject) {
        if (reject) {
            rejected.add(tenant + "/" + customerId);
        } else {
            rejected.remove(tenant + "/" + customerId);
        }
    }

    /** The reservations asked for {@code customerId}, in order (tenants' customer ids are unique in tests). */
    List<ReserveContactRequest> reservationsFor(String customerId) {
        return reservations.stream().filter(r -> r.getCustomerId().equals(customerId)).toList();
    }

    @Override
    public void reserveContact(ReserveContactRequest request, StreamObserver<ReserveContactResponse> reply) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        // customer-service's own check, so a request id it would refuse fails here too.
        Violations violations = new Violations();
        RequestIds.check(request.getRequestId(), violations);
        if (!violations.isEmpty()) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("bad request_id " + request.getRequestId())
                    .asRuntimeException());
            return;
        }
        reservations.add(request);
        String key = FakePeers.TENANT.get() + "/" + request.getCustomerId();
        if (rejected.contains(key)) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("purpose: is not a known purpose")
                    .asRuntimeException());
            return;
        }
        if (unknown.contains(key)) {
            reply.onError(Status.NOT_FOUND.withDescription("no customer " + request.getCustomerId())
                    .asRuntimeException());
            return;
        }
        List<ContactChannel> reachable = undeliverable.get(key + "/" + request.getChannel().name());
        if (reachable != null) {
            reply.onNext(ReserveContactResponse.newBuilder().setDecision(ContactDecision.CONTACT_DECISION_DENIED)
                    .setDenialReason(ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE)
                    .addAllAllowedChannels(reachable).build());
            reply.onCompleted();
            return;
        }
        List<ContactChannel> allowed = consents.get(key);
        if (allowed != null && !allowed.contains(request.getChannel())) {
            reply.onNext(ReserveContactResponse.newBuilder().setDecision(ContactDecision.CONTACT_DECISION_DENIED)
                    .setDenialReason(ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT)
                    .addAllAllowedChannels(allowed).build());
            reply.onCompleted();
            return;
        }
        reply.onNext(decisions.getOrDefault(key, ReserveContactResponse.newBuilder()
                .setDecision(ContactDecision.CONTACT_DECISION_GRANTED).build()));
        reply.onCompleted();
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
