package io.exceed.gateway.routes;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;

import io.exceed.gateway.rest.RestRoute;

/** A filter that acts for one contract route, named by its id: {@code Name=<route id>}. */
abstract class ContractRouteFilterFactory extends AbstractGatewayFilterFactory<ContractRouteId> {

    private final String name;
    private final ContractRoutes routes;

    ContractRouteFilterFactory(String name, ContractRoutes routes) {
        super(ContractRouteId.class);
        this.name = name;
        this.routes = routes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return ContractRouteId.SHORTCUT;
    }

    @Override
    public GatewayFilter apply(ContractRouteId config) {
        return apply(routes.route(config));
    }

    abstract GatewayFilter apply(RestRoute route);
}
