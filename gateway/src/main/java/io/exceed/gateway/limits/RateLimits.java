package io.exceed.gateway.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.http.HttpHeaders;

import io.exceed.defaults.tenancy.TenantId;
import reactor.core.publisher.Mono;

/**
 * The gateway's rate limits behind Spring Cloud Gateway's {@link RateLimiter} contract, so SCG's
 * {@code RequestRateLimiter} filter applies them to the REST routes: a key names its bucket and its policy
 * ({@code tenant:acme} for a tenant's calls, {@code public:192.0.2.7} for an anonymous respondent's address), the
 * buckets are {@link TokenBuckets} (Bucket4j, in memory or in Redis), and every answer carries the IETF RateLimit
 * header fields (draft-ietf-httpapi-ratelimit-headers-10: {@code RateLimit-Policy: "tenant";q=100;w=2} and
 * {@code RateLimit: "tenant";r=99;t=1}), a refusal also {@code Retry-After}. When the buckets cannot be reached
 * (Redis down), calls go through unlimited and without the headers: the limits protect the services, and an
 * outage of Redis should not become an outage of the API. The partners' gRPC port takes its tokens here too.
 */
public final class RateLimits implements RateLimiter<Object> {

    public static final String POLICY_HEADER = "RateLimit-Policy";
    public static final String HEADER = "RateLimit";
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    private final TokenBuckets limiter;
    private final RateLimitPolicy tenantPolicy;
    private final RateLimitPolicy publicPolicy;

    public RateLimits(TokenBuckets limiter, RateLimitPolicy tenantPolicy, RateLimitPolicy publicPolicy) {
        this.limiter = limiter;
        this.tenantPolicy = tenantPolicy;
        this.publicPolicy = publicPolicy;
    }

    /** The key of a tenant's bucket. */
    public String tenantKey(TenantId tenant) {
        return tenantPolicy.name() + ":" + tenant.value();
    }

    /** The key of an anonymous caller's bucket, by its address. */
    public String clientKey(InetSocketAddress remote) {
        return publicPolicy.name() + ":" + clientPartition(remote);
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String key) {
        RateLimitPolicy policy = key.startsWith(publicPolicy.name() + ":") ? publicPolicy : tenantPolicy;
        return tryConsume(policy, key)
                .map(decision -> new Response(decision.allowed(), headers(decision)))
                .defaultIfEmpty(new Response(true, Map.of()));
    }

    /** One set of policies for every route: nothing to configure per route. */
    @Override
    public Map<String, Object> getConfig() {
        return Map.of();
    }

    @Override
    public Class<Object> getConfigClass() {
        return Object.class;
    }

    @Override
    public Object newConfig() {
        return new Object();
    }

    /** Takes a token from the tenant's bucket; empty when the buckets cannot be reached (the call goes through). */
    public Mono<RateLimitDecision> tryTenant(TenantId tenant) {
        return tryConsume(tenantPolicy, tenantKey(tenant));
    }

    /** Takes a token from a public caller's bucket, by its address; empty when the buckets cannot be reached. */
    public Mono<RateLimitDecision> tryClient(InetSocketAddress remote) {
        return tryConsume(publicPolicy, clientKey(remote));
    }

    /** What a refused caller of the gRPC port is told. */
    public static String exceeded(RateLimitDecision decision) {
        RateLimitPolicy policy = decision.policy();
        return "rate limit " + policy.name() + " exceeded: at most " + policy.capacity() + " calls at once and "
                + policy.refillTokens() + " more every " + policy.refillPeriod().toString().substring(2).toLowerCase()
                + "; retry after " + decision.retryAfterSeconds() + " s";
    }

    private Mono<RateLimitDecision> tryConsume(RateLimitPolicy policy, String key) {
        return limiter.tryConsume(key, policy)
                .onErrorResume(failure -> {
                    log.warn("rate limit {} not checked, the call goes through: {}", policy.name(), failure.toString());
                    return Mono.empty();
                });
    }

    private static Map<String, String> headers(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(POLICY_HEADER, decision.policy().header());
        headers.put(HEADER, decision.header());
        if (!decision.allowed()) {
            headers.put(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        }
        return headers;
    }

    /**
     * The client's part of its bucket key: its IPv4 address, or the /64 of its IPv6 address, since one IPv6
     * client usually holds a whole /64.
     */
    static String clientPartition(InetSocketAddress remote) {
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
