package io.exceed.gateway.routes;

import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;
import io.exceed.gateway.web.CallFacts;
import reactor.core.publisher.Mono;

/**
 * Decides who may make a call before any route filter runs: a route of a public service (whose requests carry
 * their own credential, such as a survey token) is open to anyone; every other call, on any route, needs a
 * valid API key or JWT. The admitted {@link Caller} is kept on the exchange for the filters after it:
 * {@code RequestRateLimiter} charges its tenant, or an anonymous caller's address ({@link CallerKeyResolver}),
 * then {@link RequireScopeGatewayFilterFactory} checks its scopes.
 */
public final class AdmissionFilter implements GlobalFilter, Ordered {

    /** Before the route filters (ordered from 1), so each of them knows the caller. */
    public static final int ORDER = -100;
    private static final String CALLER = AdmissionFilter.class.getName() + ".caller";

    private final ContractRoutes routes;
    private final AuthenticationFailures authentications;
    private final Set<String> publicServices;

    /** @param publicServices fully qualified gRPC services whose routes need no credential */
    public AdmissionFilter(ContractRoutes routes, AuthenticationFailures authentications, Set<String> publicServices) {
        this.routes = routes;
        this.authentications = authentications;
        this.publicServices = Set.copyOf(publicServices);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return admit(exchange).flatMap(caller -> {
            exchange.getAttributes().put(CALLER, caller);
            return chain.filter(exchange);
        });
    }

    /** The caller this filter admitted. */
    static Caller caller(ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller was admitted: " + AdmissionFilter.class.getSimpleName()
                    + " did not run");
        }
        return caller;
    }

    private Mono<Caller> admit(ServerWebExchange exchange) {
        RestRoute route = routes.lookup(exchange) instanceof RouteTable.Found found ? found.route() : null;
        if (route != null) {
            CallFacts.route(exchange, route.template().text());
        }
        if (route != null && publicServices.contains(route.method().getService().getFullName())) {
            return Mono.just(Caller.anonymous());
        }
        return authentications.authenticate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                        exchange.getRequest().getRemoteAddress())
                .doOnNext(caller -> CallFacts.tenant(exchange, caller.tenant()));
    }
}
