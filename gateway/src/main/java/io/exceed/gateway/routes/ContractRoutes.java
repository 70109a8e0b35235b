package io.exceed.gateway.routes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;
import reactor.core.publisher.Flux;

/**
 * The REST API as Spring Cloud Gateway routes, generated from the contracts' {@code google.api.http} rules: one
 * route per binding, its id the gRPC method's full name, matched by {@link ContractRoutePredicateFactory} and sent
 * to {@code grpc://<backend>}, which {@link GrpcRoutingFilter} serves; each is rate limited by SCG's
 * {@code RequestRateLimiter} ({@link CallerKeyResolver}, {@link io.exceed.gateway.limits.RateLimits}). A last route takes every other
 * {@code /v1} path and answers 404 or 405 ({@link ContractPathNotFoundGatewayFilterFactory}) after admission, so
 * an anonymous caller learns nothing about which paths exist. Filters named in
 * {@code exceed.gateway.route-filters} are added to the routes they name; SCG's
 * {@code spring.cloud.gateway.server.webflux.default-filters} apply to all of them.
 */
public final class ContractRoutes implements RouteDefinitionLocator {

    public static final String SCHEME = "grpc";
    public static final String UNMATCHED = "unmatched-contract-path";
    /** SCG's filter, with our limits and key resolver as its defaults; first, so a refused call costs nothing more. */
    private static final String RATE_LIMIT = "RequestRateLimiter";
    private static final String LOOKUP = ContractRoutes.class.getName() + ".lookup";

    private final RouteTable table;
    private final Map<String, RestRoute> byId = new LinkedHashMap<>();
    private final List<RouteDefinition> definitions = new ArrayList<>();

    public ContractRoutes(RouteTable table, List<RouteFilters> routeFilters) {
        this.table = table;
        for (RestRoute route : table.routes()) {
            // Fails the start for a route whose backend no scope covers, rather than its first call.
            Scope.required(route.backend(), route.httpMethod());
            String id = route.method().getFullName();
            for (int binding = 2; byId.containsKey(id); binding++) {
                id = route.method().getFullName() + "-" + binding;
            }
            byId.put(id, route);
        }
        routeFilters.forEach(filters -> filters.requireKnown(byId.keySet()));
        int order = 0;
        for (Map.Entry<String, RestRoute> entry : byId.entrySet()) {
            definitions.add(definition(entry.getKey(), entry.getValue(), order++, routeFilters));
        }
        definitions.add(unmatched());
    }

    @Override
    public Flux<RouteDefinition> getRouteDefinitions() {
        return Flux.fromIterable(definitions);
    }

    /** The route a filter or predicate argument names; a name of no route fails the start. */
    RestRoute route(ContractRouteId id) {
        RestRoute route = byId.get(id.getRoute());
        if (route == null) {
            throw new IllegalArgumentException("no contract route " + id.getRoute());
        }
        return route;
    }

    /** Whether a matched route is one of the contract's (not the unmatched-path route nor one a user added). */
    static boolean isContractRoute(Route route) {
        return SCHEME.equals(route.getUri().getScheme());
    }

    /** What the request's path and method lead to; looked up once per request, however many routes ask. */
    public RouteTable.Lookup lookup(ServerWebExchange exchange) {
        RouteTable.Lookup lookup = exchange.getAttribute(LOOKUP);
        if (lookup == null) {
            lookup = find(exchange);
            exchange.getAttributes().put(LOOKUP, lookup);
        }
        return lookup;
    }

    private RouteTable.Lookup find(ServerWebExchange exchange) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        List<String> segments = new ArrayList<>(List.of(rawPath.substring(1).split("/", -1)));
        String last = segments.removeLast();
        String verb = "";
        int colon = last.lastIndexOf(':');
        if (colon >= 0) {
            verb = UriUtils.decode(last.substring(colon + 1), StandardCharsets.UTF_8);
            last = last.substring(0, colon);
        }
        segments.add(last);
        List<String> decoded = segments.stream().map(s -> UriUtils.decode(s, StandardCharsets.UTF_8)).toList();
        return table.find(exchange.getRequest().getMethod(), decoded, verb);
    }

    private static RouteDefinition definition(String id, RestRoute route, int order, List<RouteFilters> routeFilters) {
        RouteDefinition definition = new RouteDefinition();
        definition.setId(id);
        definition.setUri(URI.create(SCHEME + "://" + route.backend()));
        definition.setOrder(order);
        definition.setPredicates(List.of(new PredicateDefinition(ContractRoutePredicateFactory.NAME + "=" + id)));
        List<FilterDefinition> filters = new ArrayList<>(List.of(new FilterDefinition(RATE_LIMIT),
                new FilterDefinition(RequireScopeGatewayFilterFactory.NAME + "=" + id)));
        if (route.httpMethod().equals(HttpMethod.POST)) {
            filters.add(new FilterDefinition(IdempotencyGatewayFilterFactory.NAME + "=" + id));
        }
        if (route.httpMethod().equals(HttpMethod.GET) && !route.serverStreaming()) {
            filters.add(new FilterDefinition(ConditionalReadGatewayFilterFactory.NAME));
        }
        routeFilters.stream().filter(configured -> configured.covers(id))
                .forEach(configured -> filters.addAll(configured.definitions()));
        definition.setFilters(filters);
        definition.setMetadata(Map.of("http-method", route.httpMethod().name(), "path", route.template().text(),
                "grpc-method", route.method().getFullName()));
        return definition;
    }

    private static RouteDefinition unmatched() {
        RouteDefinition definition = new RouteDefinition();
        definition.setId(UNMATCHED);
        definition.setUri(URI.create("no://op"));
        definition.setOrder(Ordered.LOWEST_PRECEDENCE);
        definition.setPredicates(List.of(new PredicateDefinition("Path=/v1/**")));
        definition.setFilters(List.of(new FilterDefinition(RATE_LIMIT),
                new FilterDefinition(ContractPathNotFoundGatewayFilterFactory.NAME)));
        return definition;
    }
}
