package io.exceed.gateway.passthrough;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.auth.ApiKey;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.problem.ProblemException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;

/**
 * Serves one contract method for partners: checks the caller's API key and scope (as the REST API does),
 * then relays the call to the owning backend's long-lived channel as the key's tenant.
 *
 * <p>The backend call is created in the partner call's {@link Context}, so it inherits the partner's
 * deadline and is cancelled with it. A call with a single response also gets the gateway's own deadline
 * (whichever is sooner), so a stuck backend cannot hold it forever; a stream runs as long as the partner
 * wants it to (a watch is open-ended by design).
 */
final class PassthroughCallHandler implements ServerCallHandler<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(PassthroughCallHandler.class);

    private final PassthroughMethod method;
    private final BackendChannels channels;
    private final ApiKeyAuthenticator authenticator;
    private final Duration deadline;

    PassthroughCallHandler(PassthroughMethod method, BackendChannels channels, ApiKeyAuthenticator authenticator,
            Duration deadline) {
        this.method = method;
        this.channels = channels;
        this.authenticator = authenticator;
        this.deadline = deadline;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
        TenantId tenant;
        try {
            tenant = tenant(headers);
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
        CallRelay relay = new CallRelay(call, backendCall);
        relay.start(Relayed.request(headers, tenant));
        return relay.partnerListener;
    }

    /** The tenant the backend gets, null for a tenantless service; a refusal otherwise. */
    private TenantId tenant(Metadata headers) throws StatusException {
        if (method.scope().isEmpty()) {
            return null;
        }
        ApiKey key;
        try {
            // The key is usually remembered; otherwise this waits for one indexed lookup. grpc-java runs
            // handlers on its own executor, where waiting blocks only this call.
            key = authenticator.authenticate(headers.get(Relayed.AUTHORIZATION)).block();
        } catch (RuntimeException failure) {
            if (failure instanceof ProblemException problem && problem.status() == HttpStatus.UNAUTHORIZED) {
                throw new StatusException(Status.UNAUTHENTICATED.withDescription(problem.detail()));
            }
            log.warn("could not check an API key for {}: {}", method.descriptor().getFullMethodName(), failure.toString());
            throw new StatusException(Status.UNAVAILABLE.withDescription("the API key could not be checked; retry later"));
        }
        Scope needed = method.scope().get();
        if (key == null || !key.grants(needed)) {
            throw new StatusException(Status.PERMISSION_DENIED.withDescription("this API key lacks the scope "
                    + needed.value() + " that " + method.descriptor().getFullMethodName() + " needs"));
        }
        return key.tenant();
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
