package io.exceed.gateway.limits;

import io.github.bucket4j.ConsumptionProbe;

/**
 * What a bucket said about one call.
 *
 * @param allowed       whether the call took a token
 * @param remaining     tokens left after it
 * @param nanosToFill   until the bucket is full again
 * @param nanosToRetry  until the next token, when the call was refused
 */
public record RateLimitDecision(RateLimitPolicy policy, boolean allowed, long remaining, long nanosToFill,
        long nanosToRetry) {

    static RateLimitDecision of(RateLimitPolicy policy, ConsumptionProbe probe) {
        return new RateLimitDecision(policy, probe.isConsumed(), Math.max(0, probe.getRemainingTokens()),
                probe.getNanosToWaitForReset(), probe.getNanosToWaitForRefill());
    }

    /** The {@code RateLimit} list member, e.g. {@code "tenant";r=42;t=1}. */
    public String header() {
        return "\"" + policy.name() + "\";r=" + remaining + ";t=" + ceilSeconds(nanosToFill);
    }

    /** Whole seconds to wait before retrying: at least 1, as Retry-After cannot say less. */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(nanosToRetry));
    }

    static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
