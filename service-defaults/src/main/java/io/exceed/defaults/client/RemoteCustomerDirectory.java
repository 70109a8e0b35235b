package io.exceed.defaults.client;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.exceed.customer.v1.CheckCustomerRequest;
import io.exceed.customer.v1.CustomerDirectoryServiceGrpc;
import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.customers.ErasedCustomers;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.tenancy.TenantId;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * customer-service's CustomerDirectoryService over gRPC, through {@link ServiceClients} (deadline, breaker, retries
 * of this read). A customer it confirmed is remembered for {@code remember}, so a burst of writes for one customer
 * asks once; that is safe because an erasure reaches every service's own register of erased customers, which is
 * checked on every write. Fallback when customer-service cannot answer: none that would guess; the write is refused
 * with UNAVAILABLE and the caller retries (a producer's delivery retries by itself).
 */
public final class RemoteCustomerDirectory implements CustomerDirectory {

    public static final String TARGET = "customer-service";
    private static final long MAX_REMEMBERED = 100_000;

    private final CustomerDirectoryServiceGrpc.CustomerDirectoryServiceBlockingStub directory;
    private final Cache<String, Boolean> known;

    public RemoteCustomerDirectory(ServiceClients clients, Duration remember) {
        this.directory = CustomerDirectoryServiceGrpc.newBlockingStub(
                clients.channel(TARGET, CustomerDirectoryServiceGrpc.getServiceDescriptor()));
        this.known = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).expireAfterWrite(remember).build();
    }

    @Override
    public void requireKnown(TenantId tenant, String customerId) {
        String key = tenant.value() + "/" + customerId;
        if (known.getIfPresent(key) != null) {
            return;
        }
        try {
            TenantCalls.as(tenant, directory).checkCustomer(CheckCustomerRequest.newBuilder()
                    .setCustomerId(customerId).build());
        } catch (StatusRuntimeException e) {
            throw switch (e.getStatus().getCode()) {
                case NOT_FOUND -> new NotFoundException("customer", customerId);
                case FAILED_PRECONDITION -> ErasedCustomers.refusal(customerId);
                default -> Status.UNAVAILABLE.withDescription("customer-service could not confirm that customer '"
                        + customerId + "' exists (" + e.getStatus().getCode() + "); nothing was stored, retry later")
                        .withCause(e).asRuntimeException();
            };
        }
        known.put(key, Boolean.TRUE);
    }
}
