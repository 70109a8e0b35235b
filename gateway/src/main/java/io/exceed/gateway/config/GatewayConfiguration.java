package io.exceed.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.problem.ProblemResponses;
import io.exceed.gateway.rest.RestHandler;
import io.exceed.gateway.rest.RouteTable;

/** Wires the REST API: the route table from the contracts, one channel per backend, and the error format. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    RouteTable routeTable() {
        return RouteTable.fromContracts();
    }

    @Bean(destroyMethod = "close")
    BackendChannels backendChannels(GatewayProperties properties, RouteTable routes) {
        return new BackendChannels(properties.backends(), routes.backends());
    }

    @Bean
    UnaryCaller unaryCaller(BackendChannels channels, GatewayProperties properties) {
        return new UnaryCaller(channels, properties.deadline());
    }

    @Bean
    RouterFunction<ServerResponse> restApi(RouteTable routes, UnaryCaller caller) {
        RestHandler handler = new RestHandler(routes, caller);
        return RouterFunctions.route(RequestPredicates.path("/v1/**"), handler::handle);
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
