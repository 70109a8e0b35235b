package io.exceed.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.exceed.gateway.auth.ApiKey;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.config.RestProperties;
import io.exceed.gateway.grpc.StreamingCaller;
import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * Serves every REST route: authenticates the caller's API key, finds the route of the request, checks the
 * key's scope for it, reads the body within its limit, binds it into the gRPC request, applies If-Match, calls
 * the backend as the key's tenant and prints the reply in the proto3 JSON mapping with its ETag. A POST with an
 * Idempotency-Key runs through {@link IdempotencyKeys}; a server-streaming method is served as Server-Sent
 * Events by {@link EventStreams}. Failures travel as exceptions to {@link io.exceed.gateway.problem.ProblemResponses}.
 */
public final class RestHandler {

    /** Zero values and empty lists are printed, so an integrator sees every field the contract has. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private final RouteTable routes;
    private final RequestBinder binder;
    private final RequestBodies bodies;
    private final Preconditions preconditions;
    private final UnaryCaller caller;
    private final EventStreams eventStreams;
    private final IdempotencyKeys idempotency;
    private final ApiKeyAuthenticator authenticator;

    public RestHandler(RouteTable routes, UnaryCaller caller, StreamingCaller streamingCaller,
            IdempotencyKeys idempotency, ApiKeyAuthenticator authenticator, RestProperties properties) {
        this.routes = routes;
        this.binder = new RequestBinder(properties.maxJsonDepth());
        this.bodies = new RequestBodies(properties.maxBodySize());
        this.preconditions = new Preconditions(properties.requireIfMatch());
        this.caller = caller;
        this.eventStreams = new EventStreams(streamingCaller, properties.eventStreamHeartbeat());
        this.idempotency = idempotency;
        this.authenticator = authenticator;
        // Fails the start for a route whose backend no scope covers, rather than its first call.
        routes.routes().forEach(route -> Scope.required(route.backend(), route.httpMethod()));
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return authenticator.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(key -> serve(request, key));
    }

    private Mono<ServerResponse> serve(ServerRequest request, ApiKey key) {
        RouteTable.Found found = find(request);
        Scope needed = Scope.required(found.route().backend(), found.route().httpMethod());
        if (!key.grants(needed)) {
            return Mono.error(new ProblemException(HttpStatus.FORBIDDEN,
                    "this API key lacks the scope " + needed.value() + " that " + request.method() + " "
                            + found.route().template().text() + " needs",
                    "MISSING_SCOPE", List.of()));
        }
        String instance = request.uri().getRawPath();
        if (found.route().serverStreaming()) {
            DynamicMessage message = EventStreams.resume(request.headers().asHttpHeaders(), found.route(),
                    binder.bind(found.route(), found.variables(), request.queryParams(), new byte[0]));
            return eventStreams.serve(found.route(), message, key.tenant(), instance);
        }
        Optional<String> idempotencyKey = request.method().equals(HttpMethod.POST)
                ? IdempotencyKeys.key(request.headers().header(IdempotencyKeys.HEADER))
                : Optional.empty();
        return bodies.read(request)
                .flatMap(body -> idempotencyKey.isEmpty()
                        ? exchange(request, found, key, body, Optional.empty())
                        : idempotency.execute(key.tenant(), idempotencyKey.get(),
                                IdempotencyKeys.fingerprint(request.method().name(), instance, request.uri().getRawQuery(),
                                        request.headers().firstHeader(HttpHeaders.IF_MATCH), body),
                                instance, () -> exchange(request, found, key, body, idempotencyKey)))
                .flatMap(RestReply::toResponse);
    }

    /** Binds the request, applies its preconditions, calls the backend and turns the reply into the REST reply. */
    private Mono<RestReply> exchange(ServerRequest request, RouteTable.Found found, ApiKey key, byte[] body,
            Optional<String> idempotencyKey) {
        RestRoute route = found.route();
        HttpHeaders headers = request.headers().asHttpHeaders();
        return Mono.fromCallable(() -> {
                    DynamicMessage bound = binder.bind(route, found.variables(), request.queryParams(), body);
                    DynamicMessage identified = idempotencyKey.map(k -> IdempotencyKeys.withRequestId(bound, k))
                            .orElse(bound);
                    return preconditions.apply(route.httpMethod(), headers, identified);
                })
                .flatMap(message -> caller.call(route.backend(), route.call(), message, key.tenant())
                        .onErrorMap(failure -> Preconditions.translate(failure, message)))
                .map(reply -> new RestReply(HttpStatus.OK.value(), MediaType.APPLICATION_JSON_VALUE,
                        Preconditions.etag(reply).orElse(null), print(reply), false))
                .map(reply -> route.httpMethod().equals(HttpMethod.GET) ? Preconditions.checkRead(headers, reply) : reply);
    }

    private RouteTable.Found find(ServerRequest request) {
        String rawPath = request.uri().getRawPath();
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
        return switch (routes.find(request.method(), decoded, verb)) {
            case RouteTable.Found found -> found;
            case RouteTable.MethodNotAllowed notAllowed ->
                    throw new MethodNotAllowedException(request.method(), notAllowed.allowed());
            case RouteTable.NotFound ignored -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        };
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
