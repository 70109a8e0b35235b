package io.exceed.gateway.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * Charges a call to its tenant's bucket, or on a public route to its client address's, and answers with the
 * IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers-10: {@code RateLimit-Policy:
 * "tenant";q=100;w=2} and {@code RateLimit: "tenant";r=99;t=1}). An empty bucket is a 429 problem with
 * {@code Retry-After}. When the buckets cannot be reached (Redis down), calls go through unlimited and without
 * the headers: the limits protect the services, and an outage of Redis should not become an outage of the API.
 */
public final class RateLimits {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String HEADER = "RateLimit";
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    private final RateLimiter limiter;
    private final RateLimitPolicy tenantPolicy;
    private final RateLimitPolicy publicPolicy;

    public RateLimits(RateLimiter limiter, RateLimitPolicy tenantPolicy, RateLimitPolicy publicPolicy) {
        this.limiter = limiter;
        this.tenantPolicy = tenantPolicy;
        this.publicPolicy = publicPolicy;
    }

    public Mono<Void> chargeTenant(ServerWebExchange exchange, TenantId tenant) {
        return charge(exchange, tenantPolicy, tenant.value());
    }

    public Mono<Void> chargeClient(ServerWebExchange exchange) {
        return charge(exchange, publicPolicy, clientKey(exchange.getRequest().getRemoteAddress()));
    }

    /** Takes a token from the tenant's bucket; empty when the buckets cannot be reached (the call goes through). */
    public Mono<RateLimitDecision> tryTenant(TenantId tenant) {
        return tryConsume(tenantPolicy, tenant.value());
    }

    /** Takes a token from a public caller's bucket, by its address; empty when the buckets cannot be reached. */
    public Mono<RateLimitDecision> tryClient(InetSocketAddress remote) {
        return tryConsume(publicPolicy, clientKey(remote));
    }

    /** What a refused caller is told, whatever the protocol. */
    public static String exceeded(RateLimitDecision decision) {
        RateLimitPolicy policy = decision.policy();
        return "rate limit " + policy.name() + " exceeded: at most " + policy.capacity() + " calls at once and "
                + policy.refillTokens() + " more every " + policy.refillPeriod().toString().substring(2).toLowerCase()
                + "; retry after " + decision.retryAfterSeconds() + " s";
    }

    private Mono<RateLimitDecision> tryConsume(RateLimitPolicy policy, String partition) {
        return limiter.tryConsume(policy.name() + ":" + partition, policy)
                .onErrorResume(failure -> {
                    log.warn("rate limit {} not checked, the call goes through: {}", policy.name(), failure.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> charge(ServerWebExchange exchange, RateLimitPolicy policy, String partition) {
        return tryConsume(policy, partition)
                .flatMap(decision -> {
                    Map<String, String> headers = Map.of(POLICY_HEADER, policy.header(), HEADER, decision.header());
                    HttpHeaders response = exchange.getResponse().getHeaders();
                    headers.forEach(response::set);
                    if (decision.allowed()) {
                        return Mono.empty();
                    }
                    return Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, exceeded(decision),
                            "RATE_LIMITED", List.of(), withRetryAfter(headers, decision.retryAfterSeconds())));
                });
    }

    private static Map<String, String> withRetryAfter(Map<String, String> headers, long seconds) {
        HashMap<String, String> all = new HashMap<>(headers);
        all.put(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return all;
    }

    /**
     * The client's bucket key: its IPv4 address, or the /64 of its IPv6 address, since one IPv6 client
     * usually holds a whole /64.
     */
    static String clientKey(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        InetAddress address = remote.getAddress();
        if (address instanceof Inet6Address) {
            byte[] bytes = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }
}
