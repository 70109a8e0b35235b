package io.exceed.gateway.routes;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;

/**
 * {@code ContractRoute=<route id>}: true when the request's method and path are that contract route's binding
 * (the path template of {@code google.api.http}, with its custom verb, which SCG's {@code Path} predicate cannot
 * express). The request is looked up in the route table once; each route then compares.
 */
public final class ContractRoutePredicateFactory
        extends AbstractRoutePredicateFactory<ContractRouteId> {

    static final String NAME = "ContractRoute";

    private final ContractRoutes routes;

    public ContractRoutePredicateFactory(ContractRoutes routes) {
        super(ContractRouteId.class);
        this.routes = routes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return ContractRouteId.SHORTCUT;
    }

    @Override
    public Predicate<ServerWebExchange> apply(ContractRouteId config) {
        RestRoute route = routes.route(config);
        return new GatewayPredicate() {
            @Override
            public boolean test(ServerWebExchange exchange) {
                return routes.lookup(exchange) instanceof RouteTable.Found found && found.route() == route;
            }

            @Override
            public Object getConfig() {
                return config;
            }

            @Override
            public String toString() {
                return NAME + ": " + route.httpMethod() + " " + route.template().text();
            }
        };
    }
}
