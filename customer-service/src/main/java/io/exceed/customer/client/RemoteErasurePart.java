package io.exceed.customer.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.customer.domain.ErasurePart;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.grpc.StatusRuntimeException;

/**
 * Another service's part of an erasure, asked for over its internal erasure API. Fallback when the service cannot
 * be reached (or its breaker is open): the part stays pending and is retried later.
 */
public final class RemoteErasurePart implements ErasurePart {

    private static final Logger log = LoggerFactory.getLogger(RemoteErasurePart.class);

    /** The service's erasure call, made as the tenant. */
    @FunctionalInterface
    private interface Call {
        void erase(TenantId tenant, String customerId, String pseudonym);
    }

    private final String target;
    private final Call call;

    private RemoteErasurePart(String target, Call call) {
        this.target = target;
        this.call = call;
    }

    /** feedback-service pseudonymises the customer's responses, invitations, complaints and recovery surveys. */
    public static RemoteErasurePart feedback(ServiceClients clients) {
        String target = "feedback-service";
        var stub = FeedbackErasureServiceGrpc.newBlockingStub(
                clients.channel(target, FeedbackErasureServiceGrpc.getServiceDescriptor()));
        return new RemoteErasurePart(target, (tenant, customerId, pseudonym) -> TenantCalls.as(tenant, stub)
                .pseudonymizeCustomer(PseudonymizeCustomerRequest.newBuilder().setCustomerId(customerId)
                        .setPseudonym(pseudonym).build()));
    }

    /** followup-service cancels and scrubs the customer's follow-ups. */
    public static RemoteErasurePart followUps(ServiceClients clients) {
        String target = "followup-service";
        var stub = FollowUpErasureServiceGrpc.newBlockingStub(
                clients.channel(target, FollowUpErasureServiceGrpc.getServiceDescriptor()));
        return new RemoteErasurePart(target, (tenant, customerId, pseudonym) -> TenantCalls.as(tenant, stub)
                .eraseCustomerFollowUps(EraseCustomerFollowUpsRequest.newBuilder().setCustomerId(customerId)
                        .setPseudonym(pseudonym).build()));
    }

    @Override
    public String service() {
        return target;
    }

    @Override
    public void erase(TenantId tenant, String customerId, String pseudonym) {
        try {
            call.erase(tenant, customerId, pseudonym);
        } catch (StatusRuntimeException e) {
            String reason = RemoteFailures.describe(target, e);
            log.warn("erasing customer {} of tenant {} in {} failed; it is retried later: {}", customerId, tenant,
                    target, reason);
            throw new Failed(reason, e);
        }
    }
}
