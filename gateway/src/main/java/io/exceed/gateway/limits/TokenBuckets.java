package io.exceed.gateway.limits;

import reactor.core.publisher.Mono;

/** Takes one token from the bucket of a key under a policy. */
public interface TokenBuckets {

    /** @param key the bucket's key, unique across policies (e.g. {@code tenant:acme}) */
    Mono<RateLimitDecision> tryConsume(String key, RateLimitPolicy policy);
}
