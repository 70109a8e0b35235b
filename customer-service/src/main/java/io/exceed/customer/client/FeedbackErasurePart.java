package io.exceed.customer.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.customer.domain.ErasurePart;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc;
import io.exceed.feedback.v1.FeedbackErasureServiceGrpc.FeedbackErasureServiceBlockingStub;
import io.exceed.feedback.v1.PseudonymizeCustomerRequest;
import io.grpc.StatusRuntimeException;

/**
 * feedback-service's part of an erasure: it pseudonymises the customer's responses, invitations and complaints.
 * Fallback when it cannot be reached (or its breaker is open): the part stays pending and is retried later.
 */
public class FeedbackErasurePart implements ErasurePart {

    public static final String TARGET = "feedback-service";
    private static final Logger log = LoggerFactory.getLogger(FeedbackErasurePart.class);

    private final FeedbackErasureServiceBlockingStub stub;

    public FeedbackErasurePart(ServiceClients clients) {
        this.stub = FeedbackErasureServiceGrpc.newBlockingStub(
                clients.channel(TARGET, FeedbackErasureServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public String service() {
        return TARGET;
    }

    @Override
    public void erase(TenantId tenant, String customerId, String pseudonym) {
        try {
            TenantCalls.as(tenant, stub).pseudonymizeCustomer(PseudonymizeCustomerRequest.newBuilder()
                    .setCustomerId(customerId).setPseudonym(pseudonym).build());
        } catch (StatusRuntimeException e) {
            String reason = RemoteFailures.describe(TARGET, e);
            log.warn("erasing customer {} of tenant {} in {} failed; it is retried later: {}", customerId, tenant,
                    TARGET, reason);
            throw new Failed(reason, e);
        }
    }
}
