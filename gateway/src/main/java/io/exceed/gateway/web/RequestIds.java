package io.exceed.gateway.web;

import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.exceed.defaults.ids.TimeOrderedIds;
import io.grpc.Metadata;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is sane (1–128 characters of letters,
 * digits and {@code . _ : + = / -}), else a new UUIDv7. The id is returned on every response, problems
 * included, logged in the access log, and sent to the backend as gRPC metadata {@code x-request-id}.
 */
public final class RequestIds implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final Metadata.Key<String> METADATA = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:+=/-]{1,128}");

    /** First, so even a request another filter refuses has its id. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : TimeOrderedIds.next();
        exchange.getAttributes().put(ATTRIBUTE, id);
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        return chain.filter(exchange).contextWrite(context -> context.put(ATTRIBUTE, id));
    }

    /** The id of the request a reactive pipeline serves, if it went through this filter. */
    public static Optional<String> current(ContextView context) {
        return context.getOrEmpty(ATTRIBUTE);
    }
}
