package io.exceed.gateway.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;

import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Turns a backend's gRPC status into the caller's problem. The services describe client errors for the
 * client (which field, why), so those descriptions pass through; server-side failures are summarised, since
 * their descriptions are transport internals.
 */
public final class GrpcProblems {

    private GrpcProblems() {
    }

    /**
     * The HTTP status for a gRPC code. FAILED_PRECONDITION becomes 409, not 412: the services use it for a
     * resource whose state forbids the call (an erased customer, an illegal transition, an archived
     * playbook), which is a conflict with the resource; 412 stays reserved for HTTP preconditions
     * (If-Match) the gateway will check itself.
     */
    public static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION -> HttpStatus.CONFLICT;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public static ProblemException from(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        HttpStatus httpStatus = httpStatus(status.getCode());
        com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
        String code = null;
        List<FieldError> errors = new ArrayList<>();
        long retryAfterSeconds = status.getCode() == Status.Code.UNAVAILABLE ? 1 : 0;
        if (rich != null) {
            for (Any detail : rich.getDetailsList()) {
                try {
                    if (detail.is(BadRequest.class)) {
                        detail.unpack(BadRequest.class).getFieldViolationsList()
                                .forEach(v -> errors.add(new FieldError(v.getField(), v.getDescription())));
                    } else if (detail.is(ErrorInfo.class)) {
                        code = detail.unpack(ErrorInfo.class).getReason();
                    } else if (detail.is(RetryInfo.class)) {
                        com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                        retryAfterSeconds = Math.max(1, delay.getSeconds() + (delay.getNanos() > 0 ? 1 : 0));
                    }
                } catch (InvalidProtocolBufferException unreadable) {
                    // A detail that does not parse adds nothing the caller could use; the status still stands.
                }
            }
        }
        // A backend that is down (or whose circuit breaker is open, which says for how long) is worth retrying.
        return new ProblemException(httpStatus, detail(status, httpStatus), code, errors, retryAfterSeconds == 0
                ? Map.of() : Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }

    private static String detail(Status status, HttpStatus httpStatus) {
        return switch (status.getCode()) {
            case UNAVAILABLE -> "the service is unavailable; retry later";
            case DEADLINE_EXCEEDED -> "the service did not answer in time";
            default -> httpStatus.is5xxServerError() || status.getDescription() == null
                    ? httpStatus.getReasonPhrase()
                    : status.getDescription();
        };
    }
}
