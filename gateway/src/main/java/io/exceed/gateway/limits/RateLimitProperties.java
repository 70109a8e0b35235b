package io.exceed.gateway.limits;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits ({@code exceed.gateway.rate-limits.*}).
 *
 * @param tenant        every tenant's bucket, shared by all its API keys and tokens
 * @param publicRoutes  each client address's bucket on the public routes (IPv6 by /64)
 * @param failedAuthentications each client address's bucket of refused credentials: once it is empty, the
 *                      address's calls are refused (429) without a credential check until it has a token again
 * @param redisUrl      when set ({@code EXCEED_GATEWAY_REDIS_URL}), buckets live in this Redis and every replica
 *                      shares them; otherwise each replica keeps its own in memory
 * @param maxBuckets    in memory, the most buckets kept (least recently used dropped first)
 */
@ConfigurationProperties("exceed.gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue({"100", "50", "1s"}) Bucket tenant,
        @DefaultValue({"20", "5", "1s"}) Bucket publicRoutes,
        @DefaultValue({"100", "20", "1m"}) Bucket failedAuthentications,
        String redisUrl,
        @DefaultValue("100000") long maxBuckets) {

    public RateLimitProperties {
        redisUrl = redisUrl == null || redisUrl.isBlank() ? null : redisUrl;
        if (maxBuckets <= 0) {
            throw new IllegalArgumentException("exceed.gateway.rate-limits.max-buckets must be positive");
        }
    }

    /** Up to {@code capacity} calls at once, {@code refillTokens} more every {@code refillPeriod}. */
    public record Bucket(long capacity, long refillTokens, Duration refillPeriod) {

        RateLimitPolicy policy(String name) {
            return new RateLimitPolicy(name, capacity, refillTokens, refillPeriod);
        }
    }

    public RateLimitPolicy tenantPolicy() {
        return tenant.policy("tenant");
    }

    public RateLimitPolicy publicPolicy() {
        return publicRoutes.policy("public");
    }

    public RateLimitPolicy failedAuthenticationsPolicy() {
        return failedAuthentications.policy("failed-authentications");
    }
}
