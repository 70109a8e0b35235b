package io.exceed.gateway.rest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * A complete REST reply, as sent and as kept for an {@code Idempotency-Key} replay: the status, the headers
 * that describe the body, and the body.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type; null for a reply without a body
 * @param etag        the {@code ETag} header (quoted), or null
 * @param body        the body bytes; empty for none
 * @param replayed    whether this is a stored reply sent again ({@code Idempotent-Replayed: true})
 */
public record RestReply(int status, String contentType, String etag, byte[] body, boolean replayed) {

    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    public RestReply {
        body = body == null ? new byte[0] : body;
    }

    public RestReply asReplay() {
        return new RestReply(status, contentType, etag, body, true);
    }

    public Mono<ServerResponse> toResponse() {
        ServerResponse.BodyBuilder response = ServerResponse.status(HttpStatus.valueOf(status));
        if (etag != null) {
            response.header(HttpHeaders.ETAG, etag);
        }
        if (replayed) {
            response.header(IDEMPOTENT_REPLAYED, "true");
        }
        if (contentType == null) {
            return response.build();
        }
        return response.header(HttpHeaders.CONTENT_TYPE, contentType).bodyValue(body);
    }
}
