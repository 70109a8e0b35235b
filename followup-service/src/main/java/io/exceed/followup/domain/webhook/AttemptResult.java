package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * What one delivery attempt came to, in the terms the retry schedule needs: whether to try again, and how long
 * the receiver asked us to wait.
 *
 * @param httpStatus the receiver's status code, or 0 when no response arrived
 * @param retryAfter the receiver's {@code Retry-After} for a retryable status, at most 24 hours
 * @param error      a short description for the delivery log, empty when delivered; it quotes at most 200
 *                   characters of a response body, since the body is the receiver's and may be large
 */
public record AttemptResult(Outcome outcome, int httpStatus, Optional<Duration> retryAfter, Duration latency,
                            String error) {

    public enum Outcome {
        /** A 2xx: the receiver has the event. */
        DELIVERED,
        /** A 3xx or a 4xx other than 408 and 429: sending the same request again will not help. */
        REJECTED,
        /** A 5xx, 408 or 429: the receiver is overloaded or failing for now. */
        RETRYABLE_STATUS,
        /** No complete response within the attempt timeout. */
        TIMEOUT,
        /** The receiver could not be reached, or the exchange broke off. */
        CONNECTION_ERROR,
        /** The URL or an address its host resolves to is refused by the webhook URL policy. */
        REFUSED_ADDRESS
    }

    public boolean retryable() {
        return switch (outcome) {
            case RETRYABLE_STATUS, TIMEOUT, CONNECTION_ERROR -> true;
            case DELIVERED, REJECTED, REFUSED_ADDRESS -> false;
        };
    }
}
