package io.exceed.defaults.client;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.QuotaFailure;
import com.google.rpc.RetryInfo;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Puts one target's bulkhead and circuit breaker around every call: a unary call takes a bulkhead slot, every call
 * the breaker's permission when it starts, and reports its outcome when it closes. A stream takes no slot: it
 * lasts as long as its caller wants (a watch), so it would hold a slot no unary call could use; a caller that
 * relays streams limits them itself (the gateway, per tenant). Refused calls fail at once with
 * UNAVAILABLE and never reach the network. Retries happen inside the channel, below this interceptor, so the
 * breaker judges calls, not attempts.
 */
final class ResilienceInterceptor implements ClientInterceptor {

    /** Codes that say the target is unwell; the rest are answers about the request and leave the breaker be. */
    static final Set<Status.Code> FAILURES = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.DATA_LOSS);

    /** Of the target's own deadline, what a caller's deadline must leave for its expiry to count. */
    private static final double AMPLE_TIME = 0.9;

    private final String target;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final long ampleNanos;

    /** @param deadline the caller's own deadline for the target's calls */
    ResilienceInterceptor(String target, CircuitBreaker breaker, Bulkhead bulkhead, java.time.Duration deadline) {
        this.target = target;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.ampleNanos = (long) (deadline.toNanos() * AMPLE_TIME);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        boolean slot = method.getType() == MethodDescriptor.MethodType.UNARY;
        if (slot && !bulkhead.tryAcquirePermission()) {
            return new RefusedCall<>(Status.UNAVAILABLE.withDescription(target + " has "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " calls in flight already"));
        }
        if (!breaker.tryAcquirePermission()) {
            if (slot) {
                bulkhead.onComplete();
            }
            return new RefusedCall<>(Status.UNAVAILABLE.withDescription(target
                    + " is failing; calls are paused (circuit breaker " + breaker.getState() + ")"), retryAfterOpen());
        }
        return new Guarded<>(next.newCall(method, options), slot, expiryIsTheTargets(method, options));
    }

    /**
     * Whether a DEADLINE_EXCEEDED would say the target is slow: the call is unary and had (nearly) its own deadline
     * to run. A stream runs until its caller's deadline by design (a watch), and a caller may choose a deadline
     * shorter than the target's (a partner's 300 ms, this service's own caller's propagated one); their expiry is
     * the caller's choice, and counting it would let one caller open the breaker for everyone.
     */
    private boolean expiryIsTheTargets(MethodDescriptor<?, ?> method, CallOptions options) {
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            return false;
        }
        Deadline callers = Context.current().getDeadline();
        if (options.getDeadline() != null && (callers == null || options.getDeadline().isBefore(callers))) {
            callers = options.getDeadline();
        }
        return callers == null || callers.timeRemaining(TimeUnit.NANOSECONDS) >= ampleNanos;
    }

    /** Tells the caller, as google.rpc.RetryInfo, how long the breaker stays open before it tries again. */
    private Metadata retryAfterOpen() {
        long millis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.UNAVAILABLE.value())
                .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder()
                        .setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000)).build()))
                .build();
        return StatusProto.toStatusRuntimeException(status).getTrailers();
    }

    /**
     * A RESOURCE_EXHAUSTED with a QuotaFailure is the target saying a tenant has used its share, an answer about
     * the request: counting it would let one tenant at its limit open the breaker for everyone.
     */
    static boolean isQuotaRefusal(Status status, Metadata trailers) {
        if (status.getCode() != Status.Code.RESOURCE_EXHAUSTED || trailers == null) {
            return false;
        }
        com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
        return details.getDetailsList().stream().anyMatch(detail -> detail.is(QuotaFailure.class));
    }

    private final class Guarded<Q, R> extends SimpleForwardingClientCall<Q, R> {

        private final long start = breaker.getCurrentTimestamp();
        private boolean started;

        private final boolean slot;
        private final boolean expiryIsTheTargets;

        Guarded(ClientCall<Q, R> delegate, boolean slot, boolean expiryIsTheTargets) {
            super(delegate);
            this.slot = slot;
            this.expiryIsTheTargets = expiryIsTheTargets;
        }

        private void releaseSlot() {
            if (slot) {
                bulkhead.onComplete();
            }
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            started = true;
            try {
                super.start(new SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        record(status, trailers);
                        super.onClose(status, trailers);
                    }
                }, headers);
            } catch (RuntimeException notStarted) {
                release();
                throw notStarted;
            }
        }

        @Override
        public void cancel(String message, Throwable cause) {
            if (!started) {
                release();
            }
            super.cancel(message, cause);
        }

        private void record(Status status, Metadata trailers) {
            long elapsed = breaker.getCurrentTimestamp() - start;
            TimeUnit unit = breaker.getTimestampUnit();
            if (status.getCode() == Status.Code.CANCELLED
                    || status.getCode() == Status.Code.DEADLINE_EXCEEDED && !expiryIsTheTargets) {
                // The caller gave up, or its own deadline passed; that says nothing about the target.
                breaker.releasePermission();
            } else if (FAILURES.contains(status.getCode()) && !isQuotaRefusal(status, trailers)) {
                breaker.onError(elapsed, unit, status.asRuntimeException());
            } else {
                breaker.onSuccess(elapsed, unit);
            }
            releaseSlot();
        }

        private void release() {
            breaker.releasePermission();
            releaseSlot();
        }
    }

    /** A call refused before it started: it closes with its status as soon as it is started. */
    private static final class RefusedCall<Q, R> extends ClientCall<Q, R> {

        private final Status status;
        private final Metadata trailers;

        RefusedCall(Status status) {
            this(status, new Metadata());
        }

        RefusedCall(Status status, Metadata trailers) {
            this.status = status;
            this.trailers = trailers;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(status, trailers);
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
