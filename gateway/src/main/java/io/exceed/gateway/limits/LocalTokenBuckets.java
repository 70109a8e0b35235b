package io.exceed.gateway.limits;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import reactor.core.publisher.Mono;

/**
 * Buckets in this replica's memory: each replica enforces the limits on its own. The map is bounded: a bucket
 * unused for as long as the slowest policy takes to fill is dropped (it would be full again anyway), and at most
 * {@code maxBuckets} are kept (the least recently used go first; a dropped bucket starts full).
 */
public final class LocalTokenBuckets implements TokenBuckets {

    private final Cache<String, Bucket> buckets;

    public LocalTokenBuckets(long maxBuckets, Duration idleExpiry) {
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(idleExpiry).build();
    }

    @Override
    public Mono<RateLimitDecision> tryConsume(String key, RateLimitPolicy policy) {
        Bucket bucket = buckets.get(key, ignored -> Bucket.builder().addLimit(policy.bandwidth()).build());
        return Mono.just(RateLimitDecision.of(policy, bucket.tryConsumeAndReturnRemaining(1)));
    }

    /** Buckets held now, after pending evictions; for tests of the bound. */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
