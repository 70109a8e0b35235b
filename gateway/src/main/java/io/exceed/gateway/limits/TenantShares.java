package io.exceed.gateway.limits;

import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;

import io.exceed.defaults.tenancy.TenantHeader;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Each tenant's share of one backend, on this gateway replica: its unary calls in flight and its open streams
 * (watches) are limited separately, and streams overall too, so one tenant (or the anonymous respondents, who
 * share one share) cannot take the backend's bulkhead from the others, and a watch, which lasts as long as its
 * caller stays, never holds a unary call's place. A call over its share fails at once with RESOURCE_EXHAUSTED
 * naming the limit, with a QuotaFailure (so no circuit breaker takes it for the backend failing) and a RetryInfo
 * (Retry-After over REST). The backend call is made only once the share is granted, so a refused call costs the
 * backend's bulkhead and breaker nothing.
 */
public final class TenantShares implements ClientInterceptor {

    /** Whose share a call without a tenant (a public route: survey respondents) draws from. */
    static final String ANONYMOUS = "(anonymous)";
    private static final int RETRY_AFTER_SECONDS = 1;

    /**
     * @param unaryPerTenant   a tenant's unary calls in flight to the backend, at most
     * @param streamsPerTenant a tenant's open streams to the backend, at most
     * @param streams          open streams to the backend from all tenants, at most
     */
    public record Limits(int unaryPerTenant, int streamsPerTenant, int streams) {
        public Limits {
            if (unaryPerTenant < 1 || streamsPerTenant < 1 || streams < streamsPerTenant) {
                throw new IllegalArgumentException("tenant shares need unary-per-tenant >= 1 and 1 <= "
                        + "streams-per-tenant <= streams, were " + unaryPerTenant + ", " + streamsPerTenant + ", "
                        + streams);
            }
        }
    }

    private final String backend;
    private final Limits limits;
    private final Map<String, Integer> unary = new HashMap<>();
    private final Map<String, Integer> streams = new HashMap<>();
    private int allStreams;

    public TenantShares(String backend, Limits limits) {
        this.backend = backend;
        this.limits = limits;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new Shared<>(method, options, next, method.getType() != MethodDescriptor.MethodType.UNARY);
    }

    /** The limit the call goes over, or null after taking its place. */
    private synchronized String take(String tenant, boolean stream) {
        if (!stream) {
            if (unary.getOrDefault(tenant, 0) >= limits.unaryPerTenant()) {
                return "at most " + limits.unaryPerTenant() + " calls at once per tenant";
            }
            unary.merge(tenant, 1, Integer::sum);
            return null;
        }
        if (streams.getOrDefault(tenant, 0) >= limits.streamsPerTenant()) {
            return "at most " + limits.streamsPerTenant() + " open streams (watches) per tenant";
        }
        if (allStreams >= limits.streams()) {
            return "at most " + limits.streams() + " open streams (watches) from all tenants";
        }
        streams.merge(tenant, 1, Integer::sum);
        allStreams++;
        return null;
    }

    private synchronized void release(String tenant, boolean stream) {
        Map<String, Integer> held = stream ? streams : unary;
        held.computeIfPresent(tenant, (key, count) -> count == 1 ? null : count - 1);
        if (stream) {
            allStreams--;
        }
    }

    private Metadata refusalDetails(String limit) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                .addDetails(Any.pack(QuotaFailure.newBuilder().addViolations(QuotaFailure.Violation.newBuilder()
                        .setSubject("tenant").setDescription(backend + ": " + limit)).build()))
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("TENANT_SHARE_EXCEEDED").setDomain("exceed.io")
                        .putMetadata("backend", backend).putMetadata("limit", limit).build()))
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                        .setSeconds(RETRY_AFTER_SECONDS)).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status).getTrailers();
    }

    /** A call that reaches the backend only once its share is granted, when it starts. */
    private final class Shared<Q, R> extends ClientCall<Q, R> {

        private final MethodDescriptor<Q, R> method;
        private final CallOptions options;
        private final Channel next;
        private final boolean stream;
        private ClientCall<Q, R> delegate;
        private boolean refused;

        Shared(MethodDescriptor<Q, R> method, CallOptions options, Channel next, boolean stream) {
            this.method = method;
            this.options = options;
            this.next = next;
            this.stream = stream;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            String tenant = headers.containsKey(TenantHeader.KEY) ? headers.get(TenantHeader.KEY) : ANONYMOUS;
            String over = take(tenant, stream);
            if (over != null) {
                refused = true;
                listener.onClose(Status.RESOURCE_EXHAUSTED.withDescription("the tenant's share of " + backend
                        + " is taken: " + over + "; retry after " + RETRY_AFTER_SECONDS + " s"), refusalDetails(over));
                return;
            }
            delegate = next.newCall(method, options);
            try {
                delegate.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        release(tenant, stream);
                        super.onClose(status, trailers);
                    }
                }, headers);
            } catch (RuntimeException notStarted) {
                release(tenant, stream);
                throw notStarted;
            }
        }

        @Override
        public void request(int count) {
            if (!refused) {
                delegate.request(count);
            }
        }

        @Override
        public void cancel(String message, Throwable cause) {
            if (delegate != null) {
                delegate.cancel(message, cause);
            }
        }

        @Override
        public void halfClose() {
            if (!refused) {
                delegate.halfClose();
            }
        }

        @Override
        public void sendMessage(Q message) {
            if (!refused) {
                delegate.sendMessage(message);
            }
        }

        @Override
        public boolean isReady() {
            return !refused && delegate != null && delegate.isReady();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            if (delegate != null) {
                delegate.setMessageCompression(enabled);
            }
        }

        @Override
        public Attributes getAttributes() {
            return delegate == null ? Attributes.EMPTY : delegate.getAttributes();
        }
    }
}
