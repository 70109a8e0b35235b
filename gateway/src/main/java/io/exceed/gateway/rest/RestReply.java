package io.exceed.gateway.rest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;

import reactor.core.publisher.Mono;

/**
 * A complete REST reply: the status, the headers that describe the body, and the body.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type; null for a reply without a body
 * @param etag        the {@code ETag} header (quoted), or null
 * @param body        the body bytes; empty for none
 */
public record RestReply(int status, String contentType, String etag, byte[] body) {

    public RestReply {
        body = body == null ? new byte[0] : body;
    }

    /** Puts the status and headers on the response; the body is written when the filters are done. */
    public void applyTo(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.valueOf(status));
        HttpHeaders headers = response.getHeaders();
        if (etag != null) {
            headers.set(HttpHeaders.ETAG, etag);
        }
        if (contentType != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
    }

    /** Writes the body (none for a reply without a content type, such as a 304). */
    public Mono<Void> writeBody(ServerHttpResponse response) {
        if (contentType == null) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
