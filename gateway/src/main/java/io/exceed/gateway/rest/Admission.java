package io.exceed.gateway.rest;

import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.auth.Caller;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.problem.ProblemException;
import io.exceed.gateway.web.CallFacts;
import reactor.core.publisher.Mono;

/**
 * Decides who may make a REST call before it is bound and sent: a route of a public service (whose requests
 * carry their own credential, such as a survey token) is open to anyone within the client address's rate
 * limit; every other call needs an API key or a JWT, is charged to its tenant's rate limit and needs the
 * route's scope.
 */
public final class Admission {

    private final AuthenticationFailures authentications;
    private final RateLimits rateLimits;
    private final Set<String> publicServices;

    /** @param publicServices fully qualified gRPC services whose routes need no credential */
    public Admission(AuthenticationFailures authentications, RateLimits rateLimits, Set<String> publicServices) {
        this.authentications = authentications;
        this.rateLimits = rateLimits;
        this.publicServices = Set.copyOf(publicServices);
    }

    public Mono<Caller> admit(ServerRequest request, RouteTable.Lookup lookup) {
        ServerWebExchange exchange = request.exchange();
        RestRoute route = lookup instanceof RouteTable.Found found ? found.route() : null;
        if (route != null) {
            CallFacts.route(exchange, route.template().text());
        }
        if (route != null && isPublic(route)) {
            return rateLimits.chargeClient(exchange).thenReturn(Caller.anonymous());
        }
        return authentications.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION),
                        exchange.getRequest().getRemoteAddress())
                .doOnNext(caller -> CallFacts.tenant(exchange, caller.tenant()))
                .flatMap(caller -> rateLimits.chargeTenant(exchange, caller.tenant()).thenReturn(caller))
                .doOnNext(caller -> {
                    if (route != null) {
                        requireScope(caller, route);
                    }
                });
    }

    public boolean isPublic(RestRoute route) {
        return publicServices.contains(route.method().getService().getFullName());
    }

    private static void requireScope(Caller caller, RestRoute route) {
        for (Scope needed : Scope.required(route.backend(), route.httpMethod(), route.method().getFullName())) {
            if (!caller.grants(needed)) {
                throw ProblemException.insufficientScope("this " + caller.credential().description()
                        + " lacks the scope " + needed.value() + " that " + route.httpMethod() + " "
                        + route.template().text() + " needs", needed.value());
            }
        }
    }
}
