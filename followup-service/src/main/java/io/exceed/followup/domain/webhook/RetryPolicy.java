package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * How a delivery is retried.
 *
 * @param maxAttempts      attempts per delivery (and per replay) before it fails
 * @param backoff          the wait after the n-th failed attempt (n from 1), exponential with jitter
 * @param maxRetryAfter    the longest Retry-After honoured; a receiver asking for more waits this long
 * @param circuitOpenDelay how long a delivery waits when its endpoint's circuit breaker is open
 * @param failurePeriod    how long an endpoint may fail without a success before it is disabled
 */
public record RetryPolicy(int maxAttempts, IntFunction<Duration> backoff, Duration maxRetryAfter,
        Duration circuitOpenDelay, Duration failurePeriod) {

    /** The wait before the next attempt: the backoff, or longer if the receiver asked for it. */
    Duration waitAfter(int attempts, AttemptResult result) {
        Duration wait = backoff.apply(attempts);
        return result.retryAfter()
                .map(asked -> asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked)
                .filter(asked -> asked.compareTo(wait) > 0)
                .orElse(wait);
    }
}
