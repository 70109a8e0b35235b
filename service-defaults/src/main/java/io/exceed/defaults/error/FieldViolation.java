package io.exceed.defaults.error;

/** One invalid field of a request: its path (e.g. {@code customer.emails[1]}) and what is wrong with it. */
public record FieldViolation(String field, String description) {
}
