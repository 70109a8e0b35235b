package io.exceed.gateway.passthrough;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.limits.RateLimitDecision;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.problem.ProblemException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import reactor.core.publisher.Mono;

/**
 * Serves one contract method for partners with the REST API's admission rules: an API key or a JWT, charged to
 * its tenant's rate limit, with the method's scope (a public service: no credential, charged to the caller's
 * address); then relays the call to the owning backend's long-lived channel as the caller's tenant.
 *
 * <p>The backend call is created in the partner call's {@link Context}, so it inherits the partner's
 * deadline and is cancelled with it. A call with a single response also gets the gateway's own deadline
 * (whichever is sooner), so a stuck backend cannot hold it forever; a stream runs as long as the partner
 * wants it to (a watch is open-ended by design).
 */
final class PassthroughCallHandler implements ServerCallHandler<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(PassthroughCallHandler.class);
    /**
     * A call whose deadline leaves less is answered DEADLINE_EXCEEDED at once: the backend could not answer in time,
     * so relaying it would only make it do work nobody waits for.
     */
    static final long MIN_DEADLINE_MILLIS = 100;

    private final PassthroughMethod method;
    private final BackendChannels channels;
    private final AuthenticationFailures authentications;
    private final RateLimits rateLimits;
    private final Duration deadline;

    PassthroughCallHandler(PassthroughMethod method, BackendChannels channels,
            AuthenticationFailures authentications, RateLimits rateLimits, Duration deadline) {
        this.method = method;
        this.channels = channels;
        this.authentications = authentications;
        this.rateLimits = rateLimits;
        this.deadline = deadline;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
        Deadline partners = Context.current().getDeadline();
        if (partners != null && partners.timeRemaining(TimeUnit.MILLISECONDS) < MIN_DEADLINE_MILLIS) {
            call.close(Status.DEADLINE_EXCEEDED.withDescription("the call's deadline leaves less than "
                    + MIN_DEADLINE_MILLIS + " ms, too little to relay it; the backend was not called"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        TenantId tenant;
        try {
            tenant = tenant(headers, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        } catch (StatusException refused) {
            call.close(refused.status, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        CallOptions options = CallOptions.DEFAULT;
        if (method.singleResponse()) {
            options = options.withDeadline(Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS));
        }
        ClientCall<byte[], byte[]> backendCall = channels.channel(method.backend()).newCall(method.descriptor(), options);
        CallRelay relay = new CallRelay(call, backendCall, method.replies());
        relay.start(Relayed.request(headers, tenant));
        return relay.partnerListener;
    }

    /** The tenant the backend gets, null for a tenantless service; a refusal otherwise. */
    private TenantId tenant(Metadata headers, SocketAddress remote) throws StatusException {
        if (method.scopes().isEmpty()) {
            charge(rateLimits.tryClient(remote instanceof InetSocketAddress address ? address : null));
            return null;
        }
        Caller caller;
        try {
            // The credential is usually remembered; otherwise this waits for one indexed lookup or the JWK set.
            // grpc-java runs handlers on its own executor, where waiting blocks only this call.
            caller = authentications.authenticate(headers.get(Relayed.AUTHORIZATION),
                    remote instanceof InetSocketAddress address ? address : null).block();
        } catch (RuntimeException failure) {
            if (failure instanceof ProblemException problem && problem.status() == HttpStatus.UNAUTHORIZED) {
                throw new StatusException(Status.UNAUTHENTICATED.withDescription(problem.detail()));
            }
            if (failure instanceof ProblemException problem && problem.status() == HttpStatus.TOO_MANY_REQUESTS) {
                throw new StatusException(Status.RESOURCE_EXHAUSTED.withDescription(problem.detail()));
            }
            log.warn("could not check a credential for {}: {}", method.descriptor().getFullMethodName(),
                    failure.toString());
            throw new StatusException(Status.UNAVAILABLE.withDescription("the credential could not be checked; retry later"));
        }
        charge(rateLimits.tryTenant(caller.tenant()));
        for (Scope needed : method.scopes()) {
            if (!caller.grants(needed)) {
                throw new StatusException(Status.PERMISSION_DENIED.withDescription("this "
                        + caller.credential().description() + " lacks the scope " + needed.value() + " that "
                        + method.descriptor().getFullMethodName() + " needs"));
            }
        }
        return caller.tenant();
    }

    /** Refuses the call when its bucket is empty; a bucket that cannot be reached lets it through. */
    private static void charge(Mono<RateLimitDecision> bucket) throws StatusException {
        RateLimitDecision decision = bucket.block();
        if (decision != null && !decision.allowed()) {
            throw new StatusException(Status.RESOURCE_EXHAUSTED.withDescription(RateLimits.exceeded(decision)));
        }
    }

    /** A refusal before the backend is called. */
    private static final class StatusException extends Exception {

        private final Status status;

        StatusException(Status status) {
            super(status.getDescription(), null, false, false);
            this.status = status;
        }
    }
}
