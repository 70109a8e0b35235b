package io.exceed.defaults.error;

/** The request is well-formed but the resource's state does not allow it. Maps to FAILED_PRECONDITION. */
public final class FailedPreconditionException extends DomainException {

    public FailedPreconditionException(String reason, String message) {
        super(reason, message);
    }
}
