package io.exceed.feedback.client;

import java.time.Instant;

import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.ContactGovernor;
import io.exceed.feedback.domain.response.ContactPurpose;
import io.exceed.feedback.domain.response.ReserveContact;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * customer-service's contact governor over gRPC. Fallback when customer-service cannot answer: the contact is
 * deferred, never granted unchecked; the invitation is not issued and the caller gets UNAVAILABLE to retry.
 */
public final class CustomerContactGovernor implements ContactGovernor {

    public static final String TARGET = "customer-service";

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerContactGovernor(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public Decision reserve(TenantId tenant, ReserveContact request) {
        ReserveContactResponse reply;
        try {
            reply = TenantCalls.as(tenant, customers).reserveContact(ReserveContactRequest.newBuilder()
                    .setCustomerId(request.customerId())
                    .setChannel(ContactChannels.toProto(request.channel()))
                    .setPurpose(purpose(request.purpose()))
                    .setActor(request.actor())
                    .setRequestId(request.requestId() == null ? "" : request.requestId())
                    .build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new Decision(false, "UNKNOWN_CUSTOMER", null);
            }
            throw Status.UNAVAILABLE.withDescription("the contact governor (customer-service) could not be asked ("
                    + e.getStatus().getCode() + "); the invitation was deferred, not issued: retry later")
                    .withCause(e).asRuntimeException();
        }
        if (reply.getDecision() == ContactDecision.CONTACT_DECISION_GRANTED) {
            return new Decision(true, null, null);
        }
        Instant next = reply.hasNextAllowedTime() ? Instant.ofEpochSecond(reply.getNextAllowedTime().getSeconds(),
                reply.getNextAllowedTime().getNanos()) : null;
        return new Decision(false, reply.getDenialReason().name().replace("CONTACT_DENIAL_REASON_", ""), next);
    }

    private static io.exceed.common.v1.ContactPurpose purpose(ContactPurpose purpose) {
        return switch (purpose) {
            case RELATIONSHIP -> io.exceed.common.v1.ContactPurpose.CONTACT_PURPOSE_RELATIONSHIP_SURVEY;
            case TRANSACTIONAL -> io.exceed.common.v1.ContactPurpose.CONTACT_PURPOSE_TRANSACTIONAL_SURVEY;
            case RECOVERY -> io.exceed.common.v1.ContactPurpose.CONTACT_PURPOSE_RECOVERY;
            case COMPLAINT_ACKNOWLEDGEMENT -> io.exceed.common.v1.ContactPurpose.CONTACT_PURPOSE_COMPLAINT_ACKNOWLEDGEMENT;
        };
    }
}
