package io.exceed.defaults.error;

import java.util.List;
import java.util.stream.Collectors;

/** The request is malformed; every offending field is named. Maps to INVALID_ARGUMENT. */
public final class InvalidArgumentException extends DomainException {

    private final List<FieldViolation> violations;

    public InvalidArgumentException(List<FieldViolation> violations) {
        super("INVALID_ARGUMENT", violations.stream()
                .map(v -> v.field() + ": " + v.description())
                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public static InvalidArgumentException of(String field, String description) {
        return new InvalidArgumentException(List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
