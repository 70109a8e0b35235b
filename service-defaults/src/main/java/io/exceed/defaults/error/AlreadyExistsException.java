package io.exceed.defaults.error;

/** Creating the resource would duplicate one that exists. Maps to ALREADY_EXISTS. */
public final class AlreadyExistsException extends DomainException {

    public AlreadyExistsException(String reason, String message) {
        super(reason, message);
    }
}
