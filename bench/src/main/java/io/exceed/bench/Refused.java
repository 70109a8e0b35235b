package io.exceed.bench;

import java.util.Set;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A call the platform refused because a limit was reached (HTTP 429 or 503, gRPC RESOURCE_EXHAUSTED or
 * UNAVAILABLE): reported apart from other errors, since it says the load met a limit, not that something broke.
 */
final class Refused extends RuntimeException {

    private static final Set<Integer> HTTP = Set.of(429, 503);

    Refused(String message) {
        super(message, null, false, false);
    }

    static boolean isRefusal(int httpStatus) {
        return HTTP.contains(httpStatus);
    }

    /** Whether a failure of a gRPC call is a refusal. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof Refused || failure instanceof StatusRuntimeException grpc
                && (grpc.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
                        || grpc.getStatus().getCode() == Status.Code.UNAVAILABLE);
    }
}
