package io.exceed.feedback;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.google.protobuf.Timestamp;

import io.exceed.customer.v1.ApplyFeedbackSummaryRequest;
import io.exceed.customer.v1.ApplyFeedbackSummaryResponse;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.CustomerRelationshipServiceGrpc;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.customer.v1.MarkEmailUndeliverableRequest;
import io.exceed.customer.v1.MarkPhoneUndeliverableRequest;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.customer.v1.UndeliverableEmail;
import io.exceed.customer.v1.UndeliverablePhone;
import io.exceed.customer.v1.WithdrawContactConsentRequest;
import io.exceed.testing.FakeCustomerDirectory;
import io.exceed.testing.FakePeers;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * customer-service as feedback-service sees it: a gRPC server on a real port whose contact governor grants every
 * contact unless a test denies a customer, which knows the expectation snapshots a test gives it (per tenant), which
 * takes every feedback summary and consent withdrawal, which answers with the profiles a test gives it, and which a
 * test can take down; it records what it was asked.
 */
final class FakeCustomers extends CustomerServiceGrpc.CustomerServiceImplBase {

    record Reservation(String tenant, ReserveContactRequest request) {
    }

    record Summary(String tenant, ApplyFeedbackSummaryRequest request) {
    }

    record Withdrawal(String tenant, WithdrawContactConsentRequest request) {
    }

    static final FakeCustomers INSTANCE = new FakeCustomers();

    private final Queue<Reservation> reservations = new ConcurrentLinkedQueue<>();
    private final Map<String, ReserveContactResponse> denials = new ConcurrentHashMap<>();
    private final Queue<Summary> summaries = new ConcurrentLinkedQueue<>();
    private final Queue<String> undeliverableReports = new ConcurrentLinkedQueue<>();
    private final Queue<Withdrawal> withdrawals = new ConcurrentLinkedQueue<>();
    private final CustomerRelationshipServiceGrpc.CustomerRelationshipServiceImplBase relationships =
            new CustomerRelationshipServiceGrpc.CustomerRelationshipServiceImplBase() {
                @Override
                public void applyFeedbackSummary(ApplyFeedbackSummaryRequest request,
                        StreamObserver<ApplyFeedbackSummaryResponse> reply) {
                    StatusRuntimeException refusal = summaryRefusal;
                    if (down || refusal != null) {
                        reply.onError(down ? Status.UNAVAILABLE.withDescription("customer-service is down")
                                .asRuntimeException() : refusal);
                        return;
                    }
                    summaries.add(new Summary(FakePeers.TENANT.get(), request));
                    reply.onNext(ApplyFeedbackSummaryResponse.newBuilder().setApplied(true).build());
                    reply.onCompleted();
                }
            };
    /** customer-service's directory, served beside this fake. */
    final FakeCustomerDirectory directory = new FakeCustomerDirectory();
    /** How customer-service refuses summaries; null: it applies them. */
    private volatile StatusRuntimeException summaryRefusal;
    private final Map<String, ExpectationSnapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<String, Customer> profiles = new ConcurrentHashMap<>();
    private final Queue<String> snapshotReads = new ConcurrentLinkedQueue<>();
    private volatile boolean down;
    private Server server;

    synchronized String target() throws IOException {
        if (server == null) {
            server = FakePeers.start(this, relationships, directory);
        }
        return "localhost:" + server.getPort();
    }

    void deny(String customerId, ContactDenialReason reason, Timestamp nextAllowedTime) {
        denials.put(customerId, ReserveContactResponse.newBuilder().setDecision(ContactDecision.CONTACT_DECISION_DENIED)
                .setDenialReason(reason).setNextAllowedTime(nextAllowedTime).build());
    }

    /** How ApplyFeedbackSummary answers from now on (unless the fake is down). */
    void answerSummaries(Status status) {
        refuseSummaries(status.isOk() ? null : status.asRuntimeException());
    }

    void refuseSummaries(StatusRuntimeException refusal) {
        this.summaryRefusal = refusal;
    }

    java.util.List<Summary> summariesFor(String tenant) {
        return summaries.stream().filter(s -> tenant.equals(s.tenant())).toList();
    }

    /** The profile GetCustomer answers for the tenant's customer; customers without one are NOT_FOUND. */
    void profile(String tenant, String customerId, String email, String language) {
        profile(tenant, customerId, java.util.List.of(email), language);
    }

    void profile(String tenant, String customerId, java.util.List<String> emails, String language) {
        profile(tenant, customerId, emails, java.util.List.of(), language);
    }

    void profile(String tenant, String customerId, java.util.List<String> emails, java.util.List<String> phones,
            String language) {
        profiles.put(tenant + "/" + customerId, Customer.newBuilder().setId(customerId).setDisplayName(customerId)
                .addAllEmails(emails).addAllPhones(phones).setLanguage(language).build());
    }

    /** Denies the customer contact on one channel only. */
    void denyOn(String customerId, io.exceed.common.v1.ContactChannel channel, ContactDenialReason reason,
            Timestamp nextAllowedTime) {
        denials.put(customerId + "/" + channel.name(), ReserveContactResponse.newBuilder()
                .setDecision(ContactDecision.CONTACT_DECISION_DENIED).setDenialReason(reason)
                .setNextAllowedTime(nextAllowedTime).build());
    }

    /** Mail no longer reaches {@code address} of the tenant's customer, as if an earlier bounce had said so. */
    void undeliverable(String tenant, String customerId, String address) {
        profiles.computeIfPresent(tenant + "/" + customerId, (id, customer) -> customer.toBuilder()
                .addUndeliverableEmails(UndeliverableEmail.newBuilder().setAddress(address).setReason("SMTP 550"))
                .build());
    }

    /** The addresses and numbers reported undeliverable, as "tenant/customer/address: reason", in order. */
    java.util.List<String> undeliverableReports() {
        return java.util.List.copyOf(undeliverableReports);
    }

    /** As customer-service does: the address is marked on the profile, so GetCustomer lists it from then on. */
    @Override
    public void markEmailUndeliverable(MarkEmailUndeliverableRequest request, StreamObserver<Customer> reply) {
        mark(request.getCustomerId(), request.getEmailAddress(), request.getReason(), reply,
                customer -> customer.addUndeliverableEmails(UndeliverableEmail.newBuilder()
                        .setAddress(request.getEmailAddress()).setReason(request.getReason())));
    }

    /** As customer-service does: the number is marked on the profile, so GetCustomer lists it from then on. */
    @Override
    public void markPhoneUndeliverable(MarkPhoneUndeliverableRequest request, StreamObserver<Customer> reply) {
        mark(request.getCustomerId(), request.getPhone(), request.getReason(), reply,
                customer -> customer.addUndeliverablePhones(UndeliverablePhone.newBuilder()
                        .setPhone(request.getPhone()).setReason(request.getReason())));
    }

    private void mark(String customerId, String address, String reason, StreamObserver<Customer> reply,
            java.util.function.UnaryOperator<Customer.Builder> marking) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        String key = FakePeers.TENANT.get() + "/" + customerId;
        undeliverableReports.add(key + "/" + address + ": " + reason);
        Customer marked = profiles.computeIfPresent(key, (id, customer) -> marking.apply(customer.toBuilder())
                .build());
        if (marked == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no such customer").asRuntimeException());
            return;
        }
        reply.onNext(marked);
        reply.onCompleted();
    }

    java.util.List<Withdrawal> withdrawalsFor(String tenant) {
        return withdrawals.stream().filter(w -> tenant.equals(w.tenant())).toList();
    }

    /** Recorded, and answered with the customer (a profile the test gave, else a bare one). */
    @Override
    public void withdrawContactConsent(WithdrawContactConsentRequest request, StreamObserver<Customer> reply) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        String tenant = FakePeers.TENANT.get();
        withdrawals.add(new Withdrawal(tenant, request));
        reply.onNext(profiles.getOrDefault(tenant + "/" + request.getCustomerId(),
                Customer.newBuilder().setId(request.getCustomerId()).build()));
        reply.onCompleted();
    }

    void snapshot(String tenant, String customerId, ExpectationSnapshot snapshot) {
        snapshots.put(tenant + "/" + customerId, snapshot);
    }

    /** How often {@code tenant} asked for a latest snapshot. */
    long snapshotReadsBy(String tenant) {
        return snapshotReads.stream().filter(tenant::equals).count();
    }

    void down(boolean down) {
        this.down = down;
    }

    java.util.List<Reservation> reservationsFor(String tenant) {
        return reservations.stream().filter(r -> tenant.equals(r.tenant())).toList();
    }

    @Override
    public void reserveContact(ReserveContactRequest request, StreamObserver<ReserveContactResponse> reply) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        reservations.add(new Reservation(FakePeers.TENANT.get(), request));
        reply.onNext(denials.getOrDefault(request.getCustomerId() + "/" + request.getChannel().name(),
                denials.getOrDefault(request.getCustomerId(), ReserveContactResponse.newBuilder()
                        .setDecision(ContactDecision.CONTACT_DECISION_GRANTED).build())));
        reply.onCompleted();
    }

    @Override
    public void getLatestExpectationSnapshot(GetLatestExpectationSnapshotRequest request,
            StreamObserver<ExpectationSnapshot> reply) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        String tenant = FakePeers.TENANT.get();
        snapshotReads.add(tenant);
        ExpectationSnapshot snapshot = snapshots.get(tenant + "/" + request.getCustomerId());
        if (snapshot == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no expectations recorded").asRuntimeException());
            return;
        }
        reply.onNext(snapshot);
        reply.onCompleted();
    }

    @Override
    public void getCustomer(GetCustomerRequest request, StreamObserver<Customer> reply) {
        if (down) {
            reply.onError(Status.UNAVAILABLE.withDescription("customer-service is down").asRuntimeException());
            return;
        }
        Customer customer = profiles.get(FakePeers.TENANT.get() + "/" + request.getCustomerId());
        if (customer == null) {
            reply.onError(Status.NOT_FOUND.withDescription("no such customer").asRuntimeException());
            return;
        }
        reply.onNext(customer);
        reply.onCompleted();
    }
}
