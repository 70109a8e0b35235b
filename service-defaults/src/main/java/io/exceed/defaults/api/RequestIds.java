package io.exceed.defaults.api;

import java.util.Optional;
import java.util.regex.Pattern;

import io.exceed.defaults.error.Violations;

/** The {@code request_id} idempotency key every mutation accepts (AIP-155). */
public final class RequestIds {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The request id, if one was sent; a malformed one is recorded as a violation of {@code request_id}. */
    public static Optional<String> check(String requestId, Violations violations) {
        if (requestId == null || requestId.isEmpty()) {
            return Optional.empty();
        }
        violations.require(FORMAT.matcher(requestId).matches(), "request_id",
                "must be 1 to 128 letters, digits or . _ : - (a UUID is recommended)");
        return Optional.of(requestId);
    }
}
