package io.exceed.gateway.routes;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.problem.ProblemException;
import io.exceed.gateway.rest.RestRoute;
import reactor.core.publisher.Mono;

/**
 * {@code RequireScope=<route id>}: the admitted caller's credential must grant the scopes the route's method
 * needs ({@link Scope#required}), else 403 naming the missing scope. It runs after {@code RequestRateLimiter}, so
 * a forbidden call still counts against the tenant's limit; a public route's anonymous caller needs none.
 */
public final class RequireScopeGatewayFilterFactory extends ContractRouteFilterFactory {

    static final String NAME = "RequireScope";

    public RequireScopeGatewayFilterFactory(ContractRoutes routes) {
        super(NAME, routes);
    }

    @Override
    GatewayFilter apply(RestRoute route) {
        List<Scope> required = Scope.required(route.backend(), route.httpMethod(), route.method().getFullName());
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                Caller caller = AdmissionFilter.caller(exchange);
                if (!caller.isAnonymous()) {
                    for (Scope needed : required) {
                        if (!caller.grants(needed)) {
                            return Mono.error(ProblemException.insufficientScope("this "
                                    + caller.credential().description() + " lacks the scope " + needed.value()
                                    + " that " + route.httpMethod() + " " + route.template().text() + " needs",
                                    needed.value()));
                        }
                    }
                }
                return chain.filter(exchange);
            }

            @Override
            public String toString() {
                return "[" + NAME + " " + required.stream().map(Scope::value).toList() + "]";
            }
        };
    }
}
