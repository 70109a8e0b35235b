package io.exceed.gateway.routes;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.rest.Preconditions;
import reactor.core.publisher.Mono;

/**
 * {@code ConditionalRead}, on the GET routes: on the way back, a reply whose ETag the caller named in
 * {@code If-None-Match} becomes a 304 without a body, and one whose ETag differs from {@code If-Match} a 412
 * ({@link Preconditions#notModified}). A write's conditions change the gRPC request (If-Match pins the revision
 * it expects), so {@link GrpcRoutingFilter} applies those as it binds.
 */
public final class ConditionalReadGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    static final String NAME = "ConditionalRead";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GatewayFilter apply(Object config) {
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                return chain.filter(exchange).then(Mono.fromRunnable(() -> {
                    ServerHttpResponse response = exchange.getResponse();
                    String etag = response.getHeaders().getETag();
                    if (etag != null && Preconditions.notModified(exchange.getRequest().getHeaders(), etag)) {
                        response.setStatusCode(HttpStatus.NOT_MODIFIED);
                        response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
                        GrpcWriteResponseFilter.writeLater(exchange, written -> written.getResponse().setComplete());
                    }
                }));
            }

            @Override
            public String toString() {
                return "[" + NAME + " If-None-Match, If-Match]";
            }
        };
    }
}
