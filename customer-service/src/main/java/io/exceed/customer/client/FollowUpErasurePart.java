package io.exceed.customer.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.customer.domain.ErasurePart;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc;
import io.exceed.followup.v1.FollowUpErasureServiceGrpc.FollowUpErasureServiceBlockingStub;
import io.exceed.followup.v1.EraseCustomerFollowUpsRequest;
import io.grpc.StatusRuntimeException;

/**
 * followup-service's part of an erasure: it cancels and scrubs the customer's follow-ups.
 * Fallback when it cannot be reached (or its breaker is open): the part stays pending and is retried later.
 */
public class FollowUpErasurePart implements ErasurePart {

    public static final String TARGET = "followup-service";
    private static final Logger log = LoggerFactory.getLogger(FollowUpErasurePart.class);

    private final FollowUpErasureServiceBlockingStub stub;

    public FollowUpErasurePart(ServiceClients clients) {
        this.stub = FollowUpErasureServiceGrpc.newBlockingStub(
                clients.channel(TARGET, FollowUpErasureServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public String service() {
        return TARGET;
    }

    @Override
    public void erase(TenantId tenant, String customerId, String pseudonym) {
        try {
            TenantCalls.as(tenant, stub).eraseCustomerFollowUps(EraseCustomerFollowUpsRequest.newBuilder()
                    .setCustomerId(customerId).setPseudonym(pseudonym).build());
        } catch (StatusRuntimeException e) {
            String reason = RemoteFailures.describe(TARGET, e);
            log.warn("erasing customer {} of tenant {} in {} failed; it is retried later: {}", customerId, tenant,
                    TARGET, reason);
            throw new Failed(reason, e);
        }
    }
}
