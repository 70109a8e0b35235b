package io.exceed.gateway.problem;

/** One offending field of a request: its path as the caller wrote or the service named it, and why. */
public record FieldError(String field, String message) {
}
