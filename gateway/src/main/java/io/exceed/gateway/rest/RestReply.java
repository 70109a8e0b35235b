package io.exceed.gateway.rest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

import reactor.core.publisher.Mono;

/**
 * A backend's reply as REST: 200, the reply in the proto3 JSON mapping, and its ETag when the resource is
 * versioned.
 *
 * @param etag the {@code ETag} header (quoted), or null
 * @param json the body
 */
public record RestReply(String etag, byte[] json) {

    /** Puts the status and headers on the response; the body is written when the filters are done. */
    public void applyTo(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        if (etag != null) {
            headers.set(HttpHeaders.ETAG, etag);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
    }

    public Mono<Void> writeBody(ServerHttpResponse response) {
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}
