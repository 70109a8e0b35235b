package io.exceed.gateway.rest;

import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;

/**
 * Reads a request body up to a limit: a larger declared {@code Content-Length} is refused before a byte is
 * read, and a body that grows past the limit (chunked, or lying about its length) is refused when it does.
 */
public final class RequestBodies {

    private static final String BODY = RequestBodies.class.getName() + ".body";

    private final DataSize limit;

    public RequestBodies(DataSize limit) {
        this.limit = limit;
    }

    /** The request's body, read once per request however many filters ask. */
    public Mono<byte[]> read(ServerWebExchange exchange) {
        byte[] read = exchange.getAttribute(BODY);
        if (read != null) {
            return Mono.just(read);
        }
        return read(exchange.getRequest()).doOnNext(body -> exchange.getAttributes().put(BODY, body));
    }

    private Mono<byte[]> read(ServerHttpRequest request) {
        if (request.getHeaders().getContentLength() > limit.toBytes()) {
            return Mono.error(tooLarge());
        }
        return DataBufferUtils.join(request.getBody(), (int) limit.toBytes())
                .map(RequestBodies::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, exceeded -> tooLarge());
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE,
                "the request body is larger than the limit of " + limit.toBytes() + " bytes", "BODY_TOO_LARGE",
                List.of());
    }
}
