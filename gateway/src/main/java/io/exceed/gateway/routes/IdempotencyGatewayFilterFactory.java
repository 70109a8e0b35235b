package io.exceed.gateway.routes;

import java.util.Optional;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import io.exceed.gateway.rest.RequestBodies;
import io.exceed.gateway.rest.RestRoute;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency=<route id>}, on the POST routes: a request with an {@code Idempotency-Key} runs through
 * {@link IdempotencyKeys} (claimed, sent, its outcome kept; a retry sent again as the same request and marked
 * {@code Idempotent-Replayed}, or refused), and {@link GrpcRoutingFilter} makes the key the request's
 * {@code request_id}, by which the service recognises every retry. A public route has no tenant to keep a key
 * for; its requests carry their own token.
 */
public final class IdempotencyGatewayFilterFactory extends ContractRouteFilterFactory {

    static final String NAME = "Idempotency";
    private static final String KEY = IdempotencyGatewayFilterFactory.class.getName() + ".key";

    private final IdempotencyKeys idempotency;
    private final RequestBodies bodies;

    public IdempotencyGatewayFilterFactory(ContractRoutes routes, IdempotencyKeys idempotency, RequestBodies bodies) {
        super(NAME, routes);
        this.idempotency = idempotency;
        this.bodies = bodies;
    }

    /** The key the request's retries are recognised by, if it sent one. */
    static Optional<String> key(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(KEY));
    }

    @Override
    GatewayFilter apply(RestRoute route) {
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                return Mono.defer(() -> run(route, exchange, chain));
            }

            @Override
            public String toString() {
                return "[" + NAME + " " + IdempotencyKeys.HEADER + "]";
            }
        };
    }

    private Mono<Void> run(RestRoute route, ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = AdmissionFilter.caller(exchange);
        ServerHttpRequest request = exchange.getRequest();
        Optional<String> key = caller.tenant() == null ? Optional.empty()
                : IdempotencyKeys.key(request.getHeaders().getOrEmpty(IdempotencyKeys.HEADER));
        if (key.isEmpty()) {
            return chain.filter(exchange);
        }
        exchange.getAttributes().put(KEY, key.get());
        return bodies.read(exchange)
                .flatMap(body -> idempotency.execute(caller.tenant(), key.get(),
                        IdempotencyKeys.fingerprint(key.get(), request.getMethod().name(),
                                request.getURI().getRawPath(), request.getURI().getRawQuery(),
                                request.getHeaders().getFirst(HttpHeaders.IF_MATCH), body),
                        route.method(),
                        () -> chain.filter(exchange).then(Mono.fromSupplier(() -> status(exchange))),
                        () -> exchange.getResponse().getHeaders().set(IdempotencyKeys.REPLAYED, "true")))
                .then();
    }

    private static int status(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }
}
