package io.exceed.gateway.routes;

import java.util.function.Function;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Writes the body of a reply {@link GrpcRoutingFilter} produced once every filter's post phase has run, as SCG's
 * {@link NettyWriteResponseFilter} does for proxied replies: a route filter that changes the response's headers
 * on the way back (such as {@code AddResponseHeader}) still finds them uncommitted.
 */
public final class GrpcWriteResponseFilter implements GlobalFilter, Ordered {

    private static final String BODY = GrpcWriteResponseFilter.class.getName() + ".body";

    @Override
    public int getOrder() {
        return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).then(Mono.defer(() -> {
            Function<ServerWebExchange, Mono<Void>> body = exchange.getAttribute(BODY);
            return body == null ? Mono.empty() : body.apply(exchange);
        }));
    }

    /** The body to write when the filters are done; the status and headers are already on the response. */
    static void writeLater(ServerWebExchange exchange, Function<ServerWebExchange, Mono<Void>> body) {
        exchange.getAttributes().put(BODY, body);
    }
}
