package io.exceed.gateway.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Each tenant's share of one backend, on this gateway replica: its unary calls in flight, its expensive calls
 * among them (analytics over all of a tenant's responses) and its open streams (watches) are limited separately,
 * and streams overall too, so one tenant (or the anonymous respondents, who share one share) cannot take the
 * backend's bulkhead from the others, and a watch, which lasts as long as its caller stays, never holds a unary
 * call's place. A stream ends after its maximum lifetime with UNAVAILABLE, which clients retry, resuming where
 * they were ({@code after_sequence}, {@code Last-Event-ID}), so a share is never held for good. A call over its share fails at once with RESOURCE_EXHAUSTED
 * naming the limit, with a QuotaFailure (so no circuit breaker takes it for the backend failing) and a RetryInfo
 * (Retry-After over REST). The backend call is made only once the share is granted, so a refused call costs the
 * backend's bulkhead and breaker nothing.
 */
public final class TenantShares implements ClientInterceptor {

    /** Whose share a call without a tenant (a public route: survey respondents) draws from. */
    static final String ANONYMOUS = "(anonymous)";
    private static final int RETRY_AFTER_SECONDS = 1;

    /**
     * @param unaryPerTenant     a tenant's unary calls in flight to the backend, at most
     * @param expensivePerTenant a tenant's calls to the backend's expensive services in flight, at most
     * @param streamsPerTenant   a tenant's open streams to the backend, at most
     * @param streams            open streams to the backend from all tenants, at most
     * @param streamLifetime     how long a stream may stay open before it is ended, to be resumed
     */
    public record Limits(int unaryPerTenant, int expensivePerTenant, int streamsPerTenant, int streams,
            java.time.Duration streamLifetime) {
        public Limits {
            if (unaryPerTenant < 1 || expensivePerTenant < 1 || streamsPerTenant < 1 || streams < streamsPerTenant
                    || streamLifetime == null || !streamLifetime.isPositive()) {
                throw new IllegalArgumentException("tenant shares need unary-per-tenant, expensive-per-tenant and "
                        + "stream-lifetime above 0 and 1 <= streams-per-tenant <= streams, were " + unaryPerTenant
                        + ", " + expensivePerTenant + ", " + streamLifetime + ", " + streamsPerTenant + ", "
                        + streams);
            }
        }
    }

    /** Ends the streams whose lifetime is over; one thread for every backend's shares. */
    private static final ScheduledExecutorService LIFETIMES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stream-lifetimes").factory());

    private final String backend;
    private final Limits limits;
    private final Set<String> expensiveServices;
    private final Map<String, Integer> unary = new HashMap<>();
    private final Map<String, Integer> expensive = new HashMap<>();
    private final Map<String, Integer> streams = new HashMap<>();
    private int allStreams;

    /** @param expensiveServices the backend's services (full names) whose calls count as expensive too */
    public TenantShares(String backend, Limits limits, Set<String> expensiveServices) {
        this.backend = backend;
        this.limits = limits;
        this.expensiveServices = Set.copyOf(expensiveServices);
    }

    /** The kind of share a call takes. */
    private enum Kind { UNARY, EXPENSIVE, STREAM }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        Kind kind = method.getType() != MethodDescriptor.MethodType.UNARY ? Kind.STREAM
                : expensiveServices.contains(method.getServiceName()) ? Kind.EXPENSIVE : Kind.UNARY;
        return new Shared<>(method, options, next, kind);
    }

    /** The limit the call goes over, or null after taking its place. */
    private synchronized String take(String tenant, Kind kind) {
        if (kind != Kind.STREAM) {
            if (unary.getOrDefault(tenant, 0) >= limits.unaryPerTenant()) {
                return "at most " + limits.unaryPerTenant() + " calls at once per tenant";
            }
            if (kind == Kind.EXPENSIVE && expensive.getOrDefault(tenant, 0) >= limits.expensivePerTenant()) {
                return "at most " + limits.expensivePerTenant() + " analytics calls at once per tenant";
            }
            unary.merge(tenant, 1, Integer::sum);
            if (kind == Kind.EXPENSIVE) {
                expensive.merge(tenant, 1, Integer::sum);
            }
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

    private synchronized void release(String tenant, Kind kind) {
        if (kind == Kind.STREAM) {
            decrement(streams, tenant);
            allStreams--;
            return;
        }
        decrement(unary, tenant);
        if (kind == Kind.EXPENSIVE) {
            decrement(expensive, tenant);
        }
    }

    private static void decrement(Map<String, Integer> held, String tenant) {
        held.computeIfPresent(tenant, (key, count) -> count == 1 ? null : count - 1);
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
        private final Kind kind;
        private ClientCall<Q, R> delegate;
        private boolean refused;
        private volatile boolean lifetimeOver;
        private final AtomicBoolean released = new AtomicBoolean();

        Shared(MethodDescriptor<Q, R> method, CallOptions options, Channel next, Kind kind) {
            this.method = method;
            this.options = options;
            this.next = next;
            this.kind = kind;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            String tenant = headers.containsKey(TenantHeader.KEY) ? headers.get(TenantHeader.KEY) : ANONYMOUS;
            String over = take(tenant, kind);
            if (over != null) {
                refused = true;
                listener.onClose(Status.RESOURCE_EXHAUSTED.withDescription("the tenant's share of " + backend
                        + " is taken: " + over + "; retry after " + RETRY_AFTER_SECONDS + " s"), refusalDetails(over));
                return;
            }
            delegate = next.newCall(method, options);
            ScheduledFuture<?> lifetime = kind != Kind.STREAM ? null : LIFETIMES.schedule(() -> {
                lifetimeOver = true;
                delegate.cancel("the stream's lifetime is over", null);
            }, limits.streamLifetime().toNanos(), TimeUnit.NANOSECONDS);
            try {
                delegate.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onMessage(R message) {
                        // A unary call's answer goes to its caller before the call closes: its place is free
                        // before the caller can send the next, or a caller within its share would be refused.
                        if (kind != Kind.STREAM) {
                            releaseOnce(tenant);
                        }
                        super.onMessage(message);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (lifetime != null) {
                            lifetime.cancel(false);
                        }
                        releaseOnce(tenant);
                        super.onClose(lifetimeOver ? Status.UNAVAILABLE.withDescription("the stream was open for "
                                + limits.streamLifetime() + ", the longest one may be; resume where it ended (gRPC "
                                + "after_sequence, SSE Last-Event-ID)") : status, trailers);
                    }
                }, headers);
            } catch (RuntimeException notStarted) {
                if (lifetime != null) {
                    lifetime.cancel(false);
                }
                releaseOnce(tenant);
                throw notStarted;
            }
        }

        private void releaseOnce(String tenant) {
            if (released.compareAndSet(false, true)) {
                release(tenant, kind);
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
