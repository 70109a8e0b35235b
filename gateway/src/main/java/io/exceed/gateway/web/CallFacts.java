package io.exceed.gateway.web;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.defaults.tenancy.TenantId;

/**
 * What the handling of a request learnt that the access log and the metrics should show: the route template
 * (never the raw path, whose ids may be personal) and the caller's tenant.
 */
public final class CallFacts {

    static final String TENANT = CallFacts.class.getName() + ".tenant";

    private CallFacts() {
    }

    /** The template the request matched, e.g. {@code /v1/customers/{customer_id}}; also the metrics' uri tag. */
    public static void route(ServerWebExchange exchange, String template) {
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .ifPresent(context -> context.setPathPattern(template));
    }

    public static void tenant(ServerWebExchange exchange, TenantId tenant) {
        if (tenant != null) {
            exchange.getAttributes().put(TENANT, tenant.value());
        }
    }
}
