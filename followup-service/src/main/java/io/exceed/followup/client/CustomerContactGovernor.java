package io.exceed.followup.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.v1.ContactDecision;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.ReserveContactRequest;
import io.exceed.customer.v1.ReserveContactResponse;
import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.DeadLetters;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.schedule.ContactGovernor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * customer-service's contact governor ({@code ReserveContact}) over gRPC, through {@link ServiceClients}. The
 * reservation's request id is the follow-up and its due time, so asking again after a crash takes no second slot.
 * Fallback when customer-service cannot answer (down, breaker open, deadline): {@link ContactGovernor.Unavailable},
 * and the scheduler leaves the follow-up as it is to ask again later; a contact is never granted unchecked. When it
 * refuses the request itself: {@link ContactGovernor.Rejected}, for a person to fix.
 */
public final class CustomerContactGovernor implements ContactGovernor {

    private static final ProtoEnums<ContactChannel, io.exceed.followup.domain.followup.ContactChannel> CHANNELS =
            new ProtoEnums<>(io.exceed.followup.domain.followup.ContactChannel.class, "CONTACT_CHANNEL_",
                    ContactChannel.getDescriptor(), ContactChannel::valueOf);

    /** Answers about the request itself: asking again gets the same answer. */
    private static final Set<Status.Code> REJECTIONS = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.OUT_OF_RANGE, Status.Code.PERMISSION_DENIED);

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerContactGovernor(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(CustomerProfiles.TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public Decision reserve(TenantId tenant, FollowUp followUp, Instant now) {
        ReserveContactResponse reply;
        try {
            reply = TenantCalls.as(tenant, customers).reserveContact(ReserveContactRequest.newBuilder()
                    .setCustomerId(followUp.customerId())
                    .setChannel(CHANNELS.toProto(followUp.channel()))
                    .setPurpose(purpose(followUp.reason()))
                    .setActor("followup-service, follow-up " + followUp.id())
                    .setRequestId(followUp.id() + ".due:" + followUp.dueTime().toEpochMilli())
                    .build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new Refused("customer-service knows no such customer, so no consent is on record", List.of());
            }
            if (ErasedCustomers.isRefusal(e)) {
                return new Refused("the customer was erased", List.of());
            }
            if (REJECTIONS.contains(e.getStatus().getCode())) {
                return new Rejected("customer-service refused the contact check: "
                        + DeadLetters.Refused.reason(e.getStatus()));
            }
            throw new Unavailable("the contact governor (customer-service) could not be asked ("
                    + e.getStatus().getCode() + ")", e);
        }
        if (reply.getDecision() == ContactDecision.CONTACT_DECISION_GRANTED) {
            return new Granted();
        }
        String reason = reply.getDenialReason().name().replace("CONTACT_DENIAL_REASON_", "");
        // Neither waiting changes: the customer must consent again, or give an address (e-mail) or number (SMS)
        // that messages reach.
        if (reply.getDenialReason() == ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT
                || reply.getDenialReason() == ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE) {
            return new Refused(reason + " for " + followUp.channel(), reply.getAllowedChannelsList().stream()
                    .map(CHANNELS::toDomain)
                    .filter(Objects::nonNull)
                    .toList());
        }
        if (!reply.hasNextAllowedTime()) {
            throw new Unavailable("the contact governor denied the contact (" + reason + ") without a time to defer"
                    + " to", null);
        }
        return new Deferred(Instant.ofEpochSecond(reply.getNextAllowedTime().getSeconds(),
                reply.getNextAllowedTime().getNanos()), reason);
    }

    /** Recovery, complaint and retention contacts may exceed the customer's budget (never consent). */
    static ContactPurpose purpose(FollowUpReason reason) {
        return switch (reason) {
            case DETRACTOR_RECOVERY, AT_RISK_RECOVERY -> ContactPurpose.CONTACT_PURPOSE_RECOVERY;
            case COMPLAINT_ACKNOWLEDGEMENT -> ContactPurpose.CONTACT_PURPOSE_COMPLAINT_ACKNOWLEDGEMENT;
            case POST_RESOLUTION_CHECK_IN, LARGE_ORDER_CHECK_IN -> ContactPurpose.CONTACT_PURPOSE_CHECK_IN;
            case RETENTION_MEETING -> ContactPurpose.CONTACT_PURPOSE_RETENTION;
            case EXPECTATION_REFRESH -> ContactPurpose.CONTACT_PURPOSE_EXPECTATION_REFRESH;
            case ADVOCATE_THANKS -> ContactPurpose.CONTACT_PURPOSE_ADVOCATE_THANKS;
        };
    }
}
