package io.exceed.gateway.routes;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.limits.RateLimits;
import reactor.core.publisher.Mono;

/**
 * The bucket {@code RequestRateLimiter} charges a call to: its tenant's, or, for an anonymous respondent on a
 * public route, its address's. Runs after {@link AdmissionFilter}, which knows the caller.
 */
public final class CallerKeyResolver implements KeyResolver {

    private final RateLimits rateLimits;

    public CallerKeyResolver(RateLimits rateLimits) {
        this.rateLimits = rateLimits;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        Caller caller = AdmissionFilter.caller(exchange);
        return Mono.just(caller.tenant() != null ? rateLimits.tenantKey(caller.tenant())
                : rateLimits.clientKey(exchange.getRequest().getRemoteAddress()));
    }
}
