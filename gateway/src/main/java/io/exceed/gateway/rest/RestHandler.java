package io.exceed.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
import io.exceed.gateway.grpc.UnaryCaller;
import reactor.core.publisher.Mono;

/**
 * Serves every REST route: finds the route of the request, admits the caller ({@link Admission}: credential,
 * rate limit, scope), binds the request into the gRPC request, calls the backend as the caller's tenant and
 * prints the reply in the proto3 JSON mapping. Failures travel as exceptions to
 * {@link io.exceed.gateway.problem.ProblemResponses}.
 */
public final class RestHandler {

    /** Zero values and empty lists are printed, so an integrator sees every field the contract has. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private final RouteTable routes;
    private final RequestBinder binder = new RequestBinder();
    private final UnaryCaller caller;
    private final Admission admission;

    public RestHandler(RouteTable routes, UnaryCaller caller, Admission admission) {
        this.routes = routes;
        this.caller = caller;
        this.admission = admission;
        // Fails the start for a route whose backend no scope covers, rather than its first call.
        routes.routes().forEach(route -> Scope.required(route.backend(), route.httpMethod()));
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return admission.admit(request, lookup(request)).flatMap(caller -> serve(request, caller));
    }

    private Mono<ServerResponse> serve(ServerRequest request, Caller admitted) {
        RouteTable.Found found = find(request);
        return request.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(body -> binder.bind(found.route(), found.variables(), request.queryParams(), body))
                .flatMap(message -> caller.call(found.route().backend(), found.route().call(), message, admitted.tenant()))
                .map(RestHandler::print)
                .flatMap(json -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json));
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
