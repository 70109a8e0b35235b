package io.exceed.gateway.routes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.server.ServerWebExchange;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.grpc.StreamingCaller;
import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.idempotency.GatewayErasurePart;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import io.exceed.gateway.rest.EventStreams;
import io.exceed.gateway.rest.Preconditions;
import io.exceed.gateway.rest.RequestBinder;
import io.exceed.gateway.rest.RequestBodies;
import io.exceed.gateway.rest.RestReply;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves the {@code grpc://} URIs of the contract routes, the way SCG's own routing filters serve {@code http}
 * and {@code ws}: reads the body within its limit, binds it into the gRPC request, applies If-Match, calls the
 * backend on its long-lived channel as the admitted caller's tenant and prints the reply in the proto3 JSON
 * mapping with its ETag (an erasure report with the gateway's own part, {@link GatewayErasurePart}). A POST whose
 * Idempotency-Key {@link IdempotencyGatewayFilterFactory} took has it as its {@code request_id}; a
 * server-streaming method is served as Server-Sent Events by {@link EventStreams}. Failures travel as exceptions to {@link io.exceed.gateway.problem.ProblemResponses}.
 */
public final class GrpcRoutingFilter implements GlobalFilter, Ordered {

    /** Zero values and empty lists are printed, so an integrator sees every field the contract has. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    /** What writes Server-Sent Events; an event stream has no request-specific hints. */
    private static final BodyInserter.Context SSE_WRITERS = new BodyInserter.Context() {
        private final List<HttpMessageWriter<?>> writers = HandlerStrategies.withDefaults().messageWriters();

        @Override
        public List<HttpMessageWriter<?>> messageWriters() {
            return writers;
        }

        @Override
        public Optional<ServerHttpRequest> serverRequest() {
            return Optional.empty();
        }

        @Override
        public Map<String, Object> hints() {
            return Map.of();
        }
    };

    private final ContractRoutes routes;
    private final RequestBinder binder;
    private final RequestBodies bodies;
    private final Preconditions preconditions;
    private final UnaryCaller caller;
    private final EventStreams eventStreams;

    /**
     * @param bodies               reads request bodies within their limit
     * @param maxJsonDepth         the deepest nesting a JSON body may have
     * @param requireIfMatch       whether a PATCH of a resource with a revision needs If-Match
     * @param eventStreamHeartbeat how often an idle event stream sends a comment
     */
    public GrpcRoutingFilter(ContractRoutes routes, UnaryCaller caller, StreamingCaller streamingCaller,
            RequestBodies bodies, int maxJsonDepth, boolean requireIfMatch, Duration eventStreamHeartbeat) {
        this.routes = routes;
        this.binder = new RequestBinder(maxJsonDepth);
        this.bodies = bodies;
        this.preconditions = new Preconditions(requireIfMatch);
        this.caller = caller;
        this.eventStreams = new EventStreams(streamingCaller, eventStreamHeartbeat);
    }

    /** Where SCG's own routing filters are: after the request URL is set from the route's URI. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (ServerWebExchangeUtils.isAlreadyRouted(exchange) || url == null
                || !ContractRoutes.SCHEME.equals(url.getScheme())) {
            return chain.filter(exchange);
        }
        ServerWebExchangeUtils.setAlreadyRouted(exchange);
        if (!(routes.lookup(exchange) instanceof RouteTable.Found found)) {
            return Mono.error(new IllegalStateException("a contract route matched a request the route table does not find"));
        }
        Caller admitted = AdmissionFilter.caller(exchange);
        return (found.route().serverStreaming() ? stream(exchange, found, admitted) : unary(exchange, found, admitted))
                .then(chain.filter(exchange));
    }

    private Mono<Void> stream(ServerWebExchange exchange, RouteTable.Found found, Caller admitted) {
        ServerHttpRequest request = exchange.getRequest();
        return Mono.fromRunnable(() -> {
            DynamicMessage message = EventStreams.resume(request.getHeaders(), found.route(),
                    binder.bind(found.route(), found.variables(), request.getQueryParams(), new byte[0]));
            Flux<ServerSentEvent<String>> events = eventStreams.events(found.route(), message, admitted.tenant(),
                    request.getURI().getRawPath());
            EventStreams.applyHeaders(exchange.getResponse().getHeaders());
            GrpcWriteResponseFilter.writeLater(exchange, written -> BodyInserters.fromServerSentEvents(events)
                    .insert(written.getResponse(), SSE_WRITERS));
        });
    }

    private Mono<Void> unary(ServerWebExchange exchange, RouteTable.Found found, Caller admitted) {
        return bodies.read(exchange)
                .flatMap(body -> exchange(exchange.getRequest(), found, admitted, body,
                        IdempotencyGatewayFilterFactory.key(exchange)))
                .doOnNext(reply -> {
                    reply.applyTo(exchange.getResponse());
                    GrpcWriteResponseFilter.writeLater(exchange, written -> reply.writeBody(written.getResponse()));
                })
                .then();
    }

    /** Binds the request, applies its preconditions, calls the backend and turns the reply into the REST reply. */
    private Mono<RestReply> exchange(ServerHttpRequest request, RouteTable.Found found, Caller admitted, byte[] body,
            Optional<String> idempotencyKey) {
        RestRoute route = found.route();
        HttpHeaders headers = request.getHeaders();
        boolean erasureReport = GatewayErasurePart.reportedBy(route.method());
        return Mono.fromCallable(() -> {
                    DynamicMessage bound = binder.bind(route, found.variables(), request.getQueryParams(), body);
                    DynamicMessage identified = idempotencyKey
                            .map(key -> IdempotencyKeys.withRequestId(bound, admitted.tenant(), key))
                            .orElse(bound);
                    return preconditions.apply(route.httpMethod(), headers, identified);
                })
                .flatMap(message -> caller.call(route.backend(), route.call(), message, admitted.tenant())
                        .onErrorMap(failure -> Preconditions.translate(failure, message)))
                .map(reply -> erasureReport ? GatewayErasurePart.addTo(reply) : reply)
                .map(reply -> new RestReply(Preconditions.etag(reply).orElse(null), print(reply)));
    }

    private static byte[] print(DynamicMessage reply) {
        try {
            return PRINTER.print(reply).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException unprintable) {
            // Only an Any of an unknown type cannot be printed; the contracts have none.
            throw new IllegalStateException("cannot print " + reply.getDescriptorForType().getFullName(), unprintable);
        }
    }
}
