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

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.config.RestProperties;
import io.exceed.gateway.grpc.StreamingCaller;
import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.idempotency.GatewayErasurePart;
import io.exceed.gateway.idempotency.IdempotencyKeys;
import reactor.core.publisher.Mono;

/**
 * Serves every REST route: finds the route of the request, admits the caller ({@link Admission}: credential,
 * rate limit, scope), reads the body within its limit, binds it into the gRPC request, applies If-Match, calls
 * the backend as the caller's tenant and prints the reply in the proto3 JSON mapping with its ETag (an erasure
 * report with the gateway's own part, {@link GatewayErasurePart}). A POST with an Idempotency-Key runs through
 * {@link IdempotencyKeys}; a server-streaming method is served as Server-Sent
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
    private final Admission admission;

    public RestHandler(RouteTable routes, UnaryCaller caller, StreamingCaller streamingCaller,
            IdempotencyKeys idempotency, Admission admission, RestProperties properties) {
        this.routes = routes;
        this.binder = new RequestBinder(properties.maxJsonDepth());
        this.bodies = new RequestBodies(properties.maxBodySize());
        this.preconditions = new Preconditions(properties.requireIfMatch());
        this.caller = caller;
        this.eventStreams = new EventStreams(streamingCaller, properties.eventStreamHeartbeat());
        this.idempotency = idempotency;
        this.admission = admission;
        // Fails the start for a route whose backend no scope covers, rather than its first call.
        routes.routes().forEach(route -> Scope.required(route.backend(), route.httpMethod()));
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return admission.admit(request, lookup(request)).flatMap(caller -> serve(request, caller));
    }

    private Mono<ServerResponse> serve(ServerRequest request, Caller admitted) {
        RouteTable.Found found = find(request);
        String instance = request.uri().getRawPath();
        if (found.route().serverStreaming()) {
            DynamicMessage message = EventStreams.resume(request.headers().asHttpHeaders(), found.route(),
                    binder.bind(found.route(), found.variables(), request.queryParams(), new byte[0]));
            return eventStreams.serve(found.route(), message, admitted.tenant(), instance);
        }
        // A public route has no tenant to keep a key for; its requests carry their own token.
        Optional<String> idempotencyKey = request.method().equals(HttpMethod.POST) && admitted.tenant() != null
                ? IdempotencyKeys.key(request.headers().header(IdempotencyKeys.HEADER))
                : Optional.empty();
        return bodies.read(request)
                .flatMap(body -> idempotencyKey.isEmpty()
                        ? exchange(request, found, admitted, body, Optional.empty())
                        : idempotency.execute(admitted.tenant(), idempotencyKey.get(),
                                IdempotencyKeys.fingerprint(idempotencyKey.get(), request.method().name(), instance,
                                        request.uri().getRawQuery(), request.headers().firstHeader(HttpHeaders.IF_MATCH),
                                        body),
                                found.route().method(), () -> exchange(request, found, admitted, body, idempotencyKey)))
                .flatMap(RestReply::toResponse);
    }

    /** Binds the request, applies its preconditions, calls the backend and turns the reply into the REST reply. */
    private Mono<RestReply> exchange(ServerRequest request, RouteTable.Found found, Caller admitted, byte[] body,
            Optional<String> idempotencyKey) {
        RestRoute route = found.route();
        HttpHeaders headers = request.headers().asHttpHeaders();
        boolean erasureReport = GatewayErasurePart.reportedBy(route.method());
        return Mono.fromCallable(() -> {
                    DynamicMessage bound = binder.bind(route, found.variables(), request.queryParams(), body);
                    DynamicMessage identified = idempotencyKey
                            .map(key -> IdempotencyKeys.withRequestId(bound, admitted.tenant(), key))
                            .orElse(bound);
                    return preconditions.apply(route.httpMethod(), headers, identified);
                })
                .flatMap(message -> caller.call(route.backend(), route.call(), message, admitted.tenant())
                        .onErrorMap(failure -> Preconditions.translate(failure, message)))
                .map(reply -> erasureReport ? GatewayErasurePart.addTo(reply) : reply)
                .map(reply -> new RestReply(HttpStatus.OK.value(), MediaType.APPLICATION_JSON_VALUE,
                        Preconditions.etag(reply).orElse(null), print(reply), false))
                .map(reply -> route.httpMethod().equals(HttpMethod.GET) ? Preconditions.checkRead(headers, reply) : reply);
    }

    private RouteTable.Found find(ServerRequest request) {
        return switch (lookup(request)) {
            case RouteTable.Found found -> found;
            case RouteTable.MethodNotAllowed notAllowed ->
                    throw new MethodNotAllowedException(request.method(), notAllowed.allowed());
            case RouteTable.NotFound ignored -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        };
    }

    private RouteTable.Lookup lookup(ServerRequest request) {
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
        return routes.find(request.method(), decoded, verb);
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
