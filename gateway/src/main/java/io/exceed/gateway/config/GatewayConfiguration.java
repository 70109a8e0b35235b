package io.exceed.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.mongodb.client.MongoDatabase;

import io.exceed.defaults.client.ClientProperties;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.storage.StorageConfiguration;
import io.exceed.gateway.admin.AdminHandler;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.grpc.StreamingCaller;
import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import io.exceed.gateway.limits.TenantShareProperties;
import io.exceed.gateway.limits.TenantShares;
import io.exceed.gateway.problem.ProblemResponses;
import io.exceed.gateway.rest.Contracts;
import io.exceed.gateway.rest.RequestBodies;
import io.exceed.gateway.rest.RouteTable;
import io.exceed.gateway.routes.ConditionalReadGatewayFilterFactory;
import io.exceed.gateway.routes.ContractPathNotFoundGatewayFilterFactory;
import io.exceed.gateway.routes.ContractRoutePredicateFactory;
import io.exceed.gateway.routes.ContractRoutes;
import io.exceed.gateway.routes.GrpcRoutingFilter;
import io.exceed.gateway.routes.GrpcWriteResponseFilter;
import io.exceed.gateway.routes.IdempotencyGatewayFilterFactory;
import io.exceed.gateway.routes.RequireScopeGatewayFilterFactory;
import io.exceed.gateway.auth.ApiKeyStore;
import io.grpc.ClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

/**
 * Wires the REST API (Spring Cloud Gateway routes from the contracts, one channel per backend, the error format), the
 * tenants' API keys in the gateway's own database, and the admin API that issues them.
 */
@Configuration(proxyBeanMethods = false)
@Import({StorageConfiguration.class, IdempotencyConfiguration.class})
@EnableConfigurationProperties(ClientProperties.class)
public class GatewayConfiguration {

    /** Ticks in milliseconds, the precision the store keeps. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    ApiKeyStore apiKeyStore(MongoDatabase database) {
        return new ApiKeyStore(database);
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyStore store, Clock clock, GatewayProperties properties) {
        return new ApiKeyAuthenticator(store, clock, properties.apiKeyCacheTtl());
    }

    @Bean
    ApiKeys apiKeys(ApiKeyStore store, ApiKeyAuthenticator authenticator, Clock clock) {
        return new ApiKeys(store, authenticator, clock);
    }

    @Bean
    RouterFunction<ServerResponse> adminApi(ApiKeys apiKeys, GatewayProperties properties) {
        AdminHandler handler = new AdminHandler(apiKeys, properties.operatorToken());
        return RouterFunctions.route()
                .POST("/admin/v1/tenants/{tenant}/apiKeys", handler::create)
                .GET("/admin/v1/tenants/{tenant}/apiKeys", handler::list)
                .POST("/admin/v1/tenants/{tenant}/apiKeys/{idAndVerb}", handler::revoke)
                .build();
    }

    @Bean
    RouteTable routeTable() {
        return RouteTable.fromContracts();
    }

    /** The backends' circuit breakers, bulkheads and retry policies ({@code exceed.clients.<backend>.*}). */
    @Bean(destroyMethod = "close")
    ServiceClients serviceClients(ClientProperties properties, MeterRegistry meters, ObservationRegistry observations) {
        return new ServiceClients(properties, meters, observations);
    }

    /**
     * Each backend call takes its tenant's share of the backend first (a call over it is a fast 429 that costs the
     * backend nothing), then passes the backend's bulkhead and circuit breaker (an open breaker answers at once: a
     * fast 503 with Retry-After, not a hang), is a client span whose W3C {@code traceparent} goes to the service, and
     * is retried on UNAVAILABLE when the contract marks its method idempotent.
     */
    @Bean(destroyMethod = "close")
    BackendChannels backendChannels(GatewayProperties properties, RouteTable routes, ServiceClients clients,
            TenantShareProperties shares, ObservationRegistry observations, ReactorResourceFactory webServerResources) {
        return new BackendChannels(properties.backends(), routes.backends(), new BackendChannels.Policy() {
            @Override
            public List<ClientInterceptor> interceptors(String backend) {
                return List.of(clients.guard(backend, properties.deadline()),
                        new ObservationGrpcClientInterceptor(observations), new TenantShares(backend, shares.limits(),
                                Contracts.ANALYTICS_SERVICES));
            }

            @Override
            public Map<String, ?> serviceConfig(String backend) {
                return clients.retries(backend, Contracts.idempotentMethods(backend));
            }
        }, webServerResources.getLoopResources());
    }

    @Bean
    UnaryCaller unaryCaller(BackendChannels channels, GatewayProperties properties) {
        return new UnaryCaller(channels, properties.deadline());
    }

    @Bean
    StreamingCaller streamingCaller(BackendChannels channels) {
        return new StreamingCaller(channels);
    }

    /** The REST API's Spring Cloud Gateway routes, one per contract binding, with the filters configured for them. */
    @Bean
    ContractRoutes contractRoutes(RouteTable table, GatewayProperties properties) {
        return new ContractRoutes(table, properties.routeFilters());
    }

    @Bean
    ContractRoutePredicateFactory contractRoutePredicateFactory(ContractRoutes routes) {
        return new ContractRoutePredicateFactory(routes);
    }

    @Bean
    RequireScopeGatewayFilterFactory requireScopeGatewayFilterFactory(ContractRoutes routes) {
        return new RequireScopeGatewayFilterFactory(routes);
    }

    @Bean
    ContractPathNotFoundGatewayFilterFactory contractPathNotFoundGatewayFilterFactory(ContractRoutes routes) {
        return new ContractPathNotFoundGatewayFilterFactory(routes);
    }

    @Bean
    ConditionalReadGatewayFilterFactory conditionalReadGatewayFilterFactory() {
        return new ConditionalReadGatewayFilterFactory();
    }

    @Bean
    RequestBodies requestBodies(RestProperties rest) {
        return new RequestBodies(rest.maxBodySize());
    }

    @Bean
    IdempotencyGatewayFilterFactory idempotencyGatewayFilterFactory(ContractRoutes routes,
            IdempotencyKeys idempotencyKeys, RequestBodies bodies) {
        return new IdempotencyGatewayFilterFactory(routes, idempotencyKeys, bodies);
    }

    @Bean
    GrpcRoutingFilter grpcRoutingFilter(ContractRoutes routes, UnaryCaller caller, StreamingCaller streamingCaller,
            RequestBodies bodies, RestProperties rest) {
        return new GrpcRoutingFilter(routes, caller, streamingCaller, bodies, rest.maxJsonDepth(),
                rest.requireIfMatch(), rest.eventStreamHeartbeat());
    }

    @Bean
    GrpcWriteResponseFilter grpcWriteResponseFilter() {
        return new GrpcWriteResponseFilter();
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }
}
