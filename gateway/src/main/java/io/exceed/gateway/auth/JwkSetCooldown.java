package io.exceed.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/**
 * Fetches the issuer's JWK set at most once per cool-down. The decoder fetches it again whenever a token names a
 * key id it does not know, so without this every forged token with a made-up {@code kid} cost a request to the
 * identity provider; within the cool-down the last set fetched answers (or, after a failed fetch, the failure),
 * and a token signed by a key published since waits for the cool-down to pass.
 */
final class JwkSetCooldown implements ExchangeFilterFunction {

    private record Fetch(Instant time, HttpStatus status, String body) {
    }

    private final Duration cooldown;
    private final Clock clock;
    private volatile Fetch last;

    JwkSetCooldown(Duration cooldown, Clock clock) {
        this.cooldown = cooldown;
        this.clock = clock;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        Fetch fetched = last;
        Instant now = clock.instant();
        if (fetched != null && now.isBefore(fetched.time().plus(cooldown))) {
            return Mono.just(response(fetched));
        }
        return next.exchange(request)
                .flatMap(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> remember(new Fetch(now, HttpStatus.valueOf(response.statusCode().value()),
                                body))))
                .doOnError(failure -> last = new Fetch(now, HttpStatus.SERVICE_UNAVAILABLE, ""));
    }

    private ClientResponse remember(Fetch fetch) {
        last = fetch;
        return response(fetch);
    }

    private static ClientResponse response(Fetch fetch) {
        return ClientResponse.create(fetch.status())
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .body(fetch.body())
                .build();
    }
}
