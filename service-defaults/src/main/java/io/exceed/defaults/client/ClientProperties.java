package io.exceed.defaults.client;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The other services this one calls ({@code exceed.clients.<name>.*}), each with its own resilience policy.
 * Every setting but the address has a default, so a target needs only {@code address}.
 */
@ConfigurationProperties("exceed")
public record ClientProperties(@DefaultValue Map<String, Target> clients) {

    /**
     * One called service.
     *
     * @param address  where it listens: anything grpc-java accepts ({@code host:port}, {@code dns:///host:port})
     * @param deadline the longest any call may take, retries included, unless the caller sets a shorter one
     */
    public record Target(String address, @DefaultValue("2s") Duration deadline, @DefaultValue Breaker breaker,
            @DefaultValue Bulkhead bulkhead, @DefaultValue Retry retry) {
    }

    /**
     * When to stop calling a failing service for a while (Resilience4j circuit breaker).
     *
     * @param failureRatePercent          open when at least this share of the recent calls failed
     * @param slidingWindowCalls          how many recent calls the rate is taken over
     * @param minimumCalls                no verdict before this many calls
     * @param openFor                     how long calls fail fast before a few trial calls are let through
     * @param halfOpenCalls               how many trial calls decide whether to close again
     */
    public record Breaker(@DefaultValue("50") float failureRatePercent, @DefaultValue("20") int slidingWindowCalls,
            @DefaultValue("10") int minimumCalls, @DefaultValue("10s") Duration openFor,
            @DefaultValue("3") int halfOpenCalls) {
    }

    /**
     * How many calls may be in flight to the service at once (Resilience4j bulkhead); a call beyond that fails at
     * once rather than queueing behind a slow service.
     */
    public record Bulkhead(@DefaultValue("64") int maxConcurrentCalls) {
    }

    /**
     * Retries of idempotent calls (methods whose contract declares an {@code idempotency_level}) that failed
     * with UNAVAILABLE, with exponential backoff and full jitter (grpc-java's retry policy). All attempts share
     * the call's deadline.
     *
     * @param maxAttempts    attempts in all, the first included; 1 turns retries off
     * @param initialBackoff upper bound of the first wait
     * @param maxBackoff     upper bound of any wait
     * @param multiplier     growth of the bound per attempt
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("100ms") Duration initialBackoff,
            @DefaultValue("1s") Duration maxBackoff, @DefaultValue("2") double multiplier) {
    }
}
