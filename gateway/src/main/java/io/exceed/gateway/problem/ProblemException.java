package io.exceed.gateway.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A failure the caller gets as an RFC 9457 problem: the HTTP status, a human-readable detail, a stable
 * machine-readable {@code code} (the service's ErrorInfo reason, or the gateway's own) and the offending fields.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;

    public ProblemException(HttpStatus status, String detail, String code, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    /** A 400 for a request the gateway could not turn into a gRPC request. */
    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail, "INVALID_REQUEST", errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The machine-readable reason, or null when there is none. */
    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
