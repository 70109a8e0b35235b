package io.exceed.gateway.routes;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;

import io.exceed.gateway.rest.RouteTable;
import reactor.core.publisher.Mono;

/**
 * The answer for an API path no contract route has: 405 with {@code Allow} when the path exists with other
 * methods, else 404 (both as problems, through {@link io.exceed.gateway.problem.ProblemResponses}).
 */
public final class ContractPathNotFoundGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    static final String NAME = "ContractPathNotFound";

    private final ContractRoutes routes;

    public ContractPathNotFoundGatewayFilterFactory(ContractRoutes routes) {
        this.routes = routes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> Mono.error(switch (routes.lookup(exchange)) {
            case RouteTable.MethodNotAllowed notAllowed ->
                    new MethodNotAllowedException(exchange.getRequest().getMethod(), notAllowed.allowed());
            default -> new ResponseStatusException(HttpStatus.NOT_FOUND);
        });
    }
}
