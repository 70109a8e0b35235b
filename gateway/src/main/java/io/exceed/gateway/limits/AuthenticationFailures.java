package io.exceed.gateway.limits;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.exceed.gateway.auth.BearerAuthenticator;
import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * Authenticates calls, and makes failing to cheap to refuse: each credential refused (401) takes a token from the
 * client address's bucket (IPv6 by /64); once it is empty, that address's calls are refused (429 with
 * Retry-After) without a credential check until the bucket has a token again. The refusal is remembered in this
 * replica's memory, so a blocked address costs neither a key lookup nor a signature check, nor a call to Redis.
 * Behind one NAT address, clients share the bucket: the defaults leave room for a misconfigured client or two.
 */
public final class AuthenticationFailures {

    private final BearerAuthenticator authenticator;
    private final TokenBuckets limiter;
    private final RateLimitPolicy policy;
    private final Cache<String, Instant> blockedUntil;
    private final Clock clock;

    /** @param maxAddresses the most blocked addresses remembered (the least recently blocked go first) */
    public AuthenticationFailures(BearerAuthenticator authenticator, TokenBuckets limiter, RateLimitPolicy policy,
            long maxAddresses, Clock clock) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.policy = policy;
        this.blockedUntil = Caffeine.newBuilder().maximumSize(maxAddresses).expireAfterWrite(policy.timeToFill())
                .build();
        this.clock = clock;
    }

    /** The caller of {@code authorization}, a 401 problem, or a 429 problem for an address that failed too often. */
    public Mono<Caller> authenticate(String authorization, InetSocketAddress remote) {
        String client = RateLimits.clientPartition(remote);
        Instant until = blockedUntil.getIfPresent(client);
        Instant now = clock.instant();
        if (until != null && now.isBefore(until)) {
            return Mono.error(refusal(Duration.between(now, until)));
        }
        return authenticator.authenticate(authorization).onErrorResume(ProblemException.class,
                refused -> refused.status() == HttpStatus.UNAUTHORIZED ? countFailure(client, refused)
                        : Mono.error(refused));
    }

    private Mono<Caller> countFailure(String client, ProblemException refused) {
        return limiter.tryConsume(policy.name() + ":" + client, policy)
                .onErrorResume(unreachable -> Mono.empty())
                .doOnNext(decision -> {
                    if (!decision.allowed()) {
                        blockedUntil.put(client, clock.instant().plusNanos(decision.nanosToRetry()));
                    }
                })
                .then(Mono.error(refused));
    }

    private ProblemException refusal(Duration left) {
        long seconds = Math.max(1, RateLimitDecision.ceilSeconds(left.toNanos()));
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too many failed authentications from this address: "
                + "at most " + policy.capacity() + ", and " + policy.refillTokens() + " more every "
                + policy.refillPeriod().toString().substring(2).toLowerCase() + "; retry after " + seconds + " s",
                "AUTHENTICATION_FAILURES_LIMITED", List.of(), Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    }
}
