package io.exceed.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.gateway.routes.RouteFilters;

/**
 * gateway settings ({@code exceed.gateway.*}).
 *
 * @param backends gRPC target ({@code host:port} or any grpc-java target) per service name, e.g.
 *                 {@code customer-service=localhost:9101}
 * @param deadline how long one backend call may take before the caller gets 504
 * @param operatorToken the bearer token of the admin API ({@code EXCEED_GATEWAY_OPERATOR_TOKEN}); unset
 *                 turns the admin API off
 * @param apiKeyCacheTtl how long a replica remembers an API key; a key revoked elsewhere still works on this
 *                 replica for up to this long
 * @param routeFilters filters added to contract routes ({@code exceed.gateway.route-filters[]}: {@code routes}
 *                 and {@code filters} in SCG's shortcut form)
 */
@ConfigurationProperties("exceed.gateway")
public record GatewayProperties(Map<String, String> backends, Duration deadline, String operatorToken,
        Duration apiKeyCacheTtl, List<RouteFilters> routeFilters) {

    public GatewayProperties {
        routeFilters = routeFilters == null ? List.of() : List.copyOf(routeFilters);
        if (apiKeyCacheTtl == null || apiKeyCacheTtl.isNegative()) {
            throw new IllegalArgumentException("exceed.gateway.api-key-cache-ttl must not be negative, was "
                    + apiKeyCacheTtl);
        }
        backends = backends == null ? Map.of() : Map.copyOf(backends);
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("exceed.gateway.deadline must be positive, was " + deadline);
        }
    }

    @Override
    public String toString() {
        return "GatewayProperties[backends=" + backends + ", deadline=" + deadline + ", operatorToken="
                + (operatorToken == null || operatorToken.isBlank() ? "unset" : "****") + ", apiKeyCacheTtl="
                + apiKeyCacheTtl + ", routeFilters=" + routeFilters + "]";
    }
}
