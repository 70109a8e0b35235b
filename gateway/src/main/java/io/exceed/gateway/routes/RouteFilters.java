package io.exceed.gateway.routes;

import java.util.List;
import java.util.Set;

import org.springframework.cloud.gateway.filter.FilterDefinition;

/**
 * Filters a platform team adds to contract routes by configuration ({@code exceed.gateway.route-filters}), in
 * Spring Cloud Gateway's shortcut form, e.g. {@code AddResponseHeader=Cache-Control, no-store}.
 *
 * @param routes  route ids ({@code exceed.customer.v1.CustomerService.GetCustomer}) or gRPC services
 *                ({@code exceed.customer.v1.CustomerService}, every method of it)
 * @param filters the filters, in the order they run
 */
public record RouteFilters(List<String> routes, List<String> filters) {

    public RouteFilters {
        routes = routes == null ? List.of() : List.copyOf(routes);
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("exceed.gateway.route-filters[].routes must name at least one route");
        }
    }

    boolean covers(String routeId) {
        return routes.stream().anyMatch(named -> routeId.equals(named) || routeId.startsWith(named + "."));
    }

    List<FilterDefinition> definitions() {
        return filters.stream().map(FilterDefinition::new).toList();
    }

    /** A name that matches no route is a typo that would silently do nothing: it fails the start instead. */
    void requireKnown(Set<String> routeIds) {
        for (String named : routes) {
            if (routeIds.stream().noneMatch(id -> id.equals(named) || id.startsWith(named + "."))) {
                throw new IllegalArgumentException("exceed.gateway.route-filters: no route is or belongs to " + named);
            }
        }
    }
}
