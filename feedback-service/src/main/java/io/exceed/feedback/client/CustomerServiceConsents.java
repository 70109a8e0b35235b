package io.exceed.feedback.client;

import io.exceed.customer.v1.CustomerServiceGrpc;
import io.exceed.customer.v1.WithdrawContactConsentRequest;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.error.GrpcErrorMapper;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.response.Channel;
import io.exceed.feedback.domain.unsubscribe.ContactConsents;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Withdrawals told to customer-service ({@code WithdrawContactConsent}, through {@link ServiceClients}: deadline,
 * breaker, and retries, since the contract marks it idempotent). A customer customer-service no longer has (erased,
 * or never known) is contacted by nobody, which is what the withdrawal asks. Fallback when customer-service cannot
 * answer: UNAVAILABLE, nothing changed, and the customer clicks again.
 */
public final class CustomerServiceConsents implements ContactConsents {

    private final CustomerServiceGrpc.CustomerServiceBlockingStub customers;

    public CustomerServiceConsents(ServiceClients clients) {
        this.customers = CustomerServiceGrpc.newBlockingStub(
                clients.channel(CustomerContactGovernor.TARGET, CustomerServiceGrpc.getServiceDescriptor()));
    }

    @Override
    public void withdraw(TenantId tenant, String customerId, Channel channel, String source, String requestId) {
        try {
            TenantCalls.as(tenant, customers).withdrawContactConsent(WithdrawContactConsentRequest.newBuilder()
                    .setCustomerId(customerId)
                    .setChannel(ContactChannels.toProto(channel))
                    .setSource(source)
                    .setRequestId(requestId)
                    .build());
        } catch (StatusRuntimeException e) {
            if (gone(e)) {
                return;
            }
            throw Status.UNAVAILABLE.withDescription("customer-service could not be told of the withdrawal ("
                    + e.getStatus().getCode() + "); nothing changed: try again").withCause(e).asRuntimeException();
        }
    }

    private static boolean gone(StatusRuntimeException refusal) {
        return refusal.getStatus().getCode() == Status.Code.NOT_FOUND
                || refusal.getStatus().getCode() == Status.Code.FAILED_PRECONDITION
                        && GrpcErrorMapper.reason(refusal).filter("CUSTOMER_ERASED"::equals).isPresent();
    }
}
