package io.exceed.defaults.tenancy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Reads the tenant from the {@value TenantHeader#NAME} metadata the gateway sets from the caller's credential.
 * A call without a well-formed tenant is refused with UNAUTHENTICATED before it reaches an endpoint.
 * Health and reflection serve operators and tools, not tenants, so they are exempt; so is any service a
 * service names in {@code exceed.tenancy.tenantless-services}, which derives the tenant itself (a public
 * survey link's token names its tenant).
 */
@GlobalServerInterceptor
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class TenantInterceptor implements ServerInterceptor {

    private static final String LOG_FIELD = "tenant";
    private static final Set<String> OPERATOR_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final Set<String> tenantlessServices;

    /** @param publicServices fully qualified gRPC service names that establish the tenant themselves */
    public TenantInterceptor(Set<String> publicServices) {
        Set<String> all = new HashSet<>(OPERATOR_SERVICES);
        all.addAll(publicServices);
        this.tenantlessServices = Set.copyOf(all);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (tenantlessServices.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Optional<TenantId> tenant = TenantId.parse(headers.get(TenantHeader.KEY));
        if (tenant.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "missing or malformed tenant: the '" + TenantHeader.NAME + "' metadata is required"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Context context = Context.current().withValue(CurrentTenant.KEY, tenant.get());
        return new TenantLoggingListener<>(Contexts.interceptCall(context, call, headers, next), tenant.get());
    }

    /** Puts the tenant into the logging context while each callback of the call runs. */
    private static final class TenantLoggingListener<Q> extends SimpleForwardingServerCallListener<Q> {

        private final String tenant;

        TenantLoggingListener(ServerCall.Listener<Q> delegate, TenantId tenant) {
            super(delegate);
            this.tenant = tenant.value();
        }

        private void withTenant(Runnable callback) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(LOG_FIELD, tenant)) {
                callback.run();
            }
        }

        @Override
        public void onMessage(Q message) {
            withTenant(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            withTenant(super::onHalfClose);
        }

        @Override
        public void onCancel() {
            withTenant(super::onCancel);
        }

        @Override
        public void onComplete() {
            withTenant(super::onComplete);
        }

        @Override
        public void onReady() {
            withTenant(super::onReady);
        }
    }
}
