package io.exceed.defaults.error;

/**
 * A failure the domain names on purpose. Each kind maps to exactly one gRPC status in
 * {@link GrpcErrorMapper}; anything else that escapes an endpoint is an internal error.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidArgumentException, NotFoundException, FailedPreconditionException, VersionConflictException,
        AlreadyExistsException, QuotaExceededException {

    private final String reason;

    protected DomainException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A stable, machine-readable UPPER_SNAKE_CASE reason (google.rpc.ErrorInfo.reason). */
    public String reason() {
        return reason;
    }
}
