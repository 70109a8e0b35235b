package io.exceed.gateway.limits;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

/**
 * A token bucket: up to {@code capacity} calls at once, refilled by {@code refillTokens} every
 * {@code refillPeriod} (greedily, a token at a time). Advertised as the IETF RateLimit-Policy quota
 * {@code q=capacity} per window {@code w} = the time an empty bucket takes to fill, which states both the burst
 * and the sustained rate.
 *
 * @param name the policy's name in the RateLimit headers, e.g. {@code tenant}
 */
public record RateLimitPolicy(String name, long capacity, long refillTokens, Duration refillPeriod) {

    public RateLimitPolicy {
        if (capacity <= 0 || refillTokens <= 0 || refillPeriod == null || !refillPeriod.isPositive()) {
            throw new IllegalArgumentException("rate limit " + name + ": capacity, refill-tokens and refill-period "
                    + "must be positive, were " + capacity + ", " + refillTokens + ", " + refillPeriod);
        }
    }

    public Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(capacity).refillGreedy(refillTokens, refillPeriod).build();
    }

    public BucketConfiguration bucket() {
        return BucketConfiguration.builder().addLimit(bandwidth()).build();
    }

    /** How long an empty bucket takes to fill: after that a forgotten bucket equals a new one. */
    public Duration timeToFill() {
        return Duration.ofNanos(Math.ceilDiv(Math.multiplyExact(refillPeriod.toNanos(), capacity), refillTokens));
    }

    /** The {@code RateLimit-Policy} list member, e.g. {@code "tenant";q=100;w=2}. */
    public String header() {
        return "\"" + name + "\";q=" + capacity + ";w=" + RateLimitDecision.ceilSeconds(timeToFill().toNanos());
    }
}
