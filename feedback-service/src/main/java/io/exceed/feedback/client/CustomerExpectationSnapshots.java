package io.exceed.feedback.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.DimensionExpectation;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.GetLatestExpectationSnapshotRequest;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.response.ExpectationSnapshots;
import io.exceed.feedback.domain.response.ExpectedLevel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The customer's latest expectation snapshot from customer-service ({@code GetLatestExpectationSnapshot}, through
 * {@link ServiceClients}: deadline, breaker, retries of this read). Fallback when customer-service cannot answer
 * (down, breaker open, deadline) or the customer has no snapshot: none, and the response is recorded with the
 * invitation's expectations if it has any, else without (see {@code Responses}) — never refused for it.
 */
public final class CustomerExpectationSnapshots implements ExpectationSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerExpectationSnapshots.class);
    private static final String DIMENSION_PREFIX = "SERVICE_DIMENSION_";

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerExpectationSnapshots(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(CustomerContactGovernor.TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public Optional<List<ExpectedLevel>> latest(TenantId tenant, String customerId) {
        ExpectationSnapshot snapshot;
        try {
            snapshot = TenantCalls.as(tenant, customers).getLatestExpectationSnapshot(
                    GetLatestExpectationSnapshotRequest.newBuilder().setCustomerId(customerId).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            LOG.warn("customer-service gave no expectation snapshot for a response ({}); recorded without it",
                    e.getStatus().getCode());
            return Optional.empty();
        }
        List<ExpectedLevel> levels = new ArrayList<>();
        for (DimensionExpectation level : snapshot.getDimensionLevelsList()) {
            dimension(level.getDimension()).ifPresent(dimension ->
                    levels.add(new ExpectedLevel(dimension, level.getExpectedLevel())));
        }
        return levels.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(levels));
    }

    /** The same nine dimensions on both sides; one this build does not know yet is left out. */
    private static Optional<Dimension> dimension(ServiceDimension dimension) {
        if (dimension == ServiceDimension.SERVICE_DIMENSION_UNSPECIFIED || dimension == ServiceDimension.UNRECOGNIZED) {
            return Optional.empty();
        }
        try {
            return Optional.of(Dimension.valueOf(dimension.name().substring(DIMENSION_PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
