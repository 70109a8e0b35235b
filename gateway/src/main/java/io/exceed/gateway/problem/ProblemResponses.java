package io.exceed.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import reactor.core.publisher.Mono;

/**
 * The one place where failures become responses: {@code application/problem+json} (RFC 9457) with
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, and the extension members
 * {@code code} (machine-readable reason) and {@code errors} ({@code [{field, message}]}). It runs before
 * Spring Boot's error handler, so unknown paths and framework errors look the same as backend ones.
 */
@Order(-2)
public class ProblemResponses implements WebExceptionHandler {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    private static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        ProblemException problem = toProblem(failure);
        if (failure instanceof MethodNotAllowedException notAllowed) {
            response.getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        problem.headers().forEach(response.getHeaders()::set);
        response.setStatusCode(problem.status());
        response.getHeaders().setContentType(PROBLEM_JSON);
        byte[] body = render(problem, exchange.getRequest().getPath().value()).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        response.getHeaders().set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        return response.writeWith(Mono.just(buffer));
    }

    /** The problem a failure is for the caller. */
    public static ProblemException toProblem(Throwable failure) {
        return switch (failure) {
            case ProblemException problem -> problem;
            case StatusRuntimeException grpc -> GrpcProblems.from(grpc);
            case StatusException grpc -> GrpcProblems.from(grpc);
            case ResponseStatusException framework -> fromFramework(framework);
            case HttpClientErrorException.TooManyRequests limited -> rateLimited(limited.getResponseHeaders());
            case DataBufferLimitException tooLarge -> new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE,
                    "the request body is too large", null, List.of());
            default -> {
                log.error("unexpected failure", failure);
                yield new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", "INTERNAL",
                        List.of());
            }
        };
    }

    /**
     * SCG's {@code RequestRateLimiter} refused the call; the limiter has put the RateLimit header fields and
     * {@code Retry-After} on the response, from which the problem tells the caller which limit and how long.
     */
    private static ProblemException rateLimited(HttpHeaders headers) {
        String policy = headers == null ? null : headers.getFirst(RATE_LIMIT_POLICY);
        String name = policy != null && policy.startsWith("\"") && policy.indexOf('"', 1) > 0
                ? policy.substring(1, policy.indexOf('"', 1))
                : "of this API";
        String retryAfter = headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER);
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate limit " + name + " exceeded"
                + (retryAfter != null ? "; retry after " + retryAfter + " s" : ""), "RATE_LIMITED", List.of());
    }

    private static ProblemException fromFramework(ResponseStatusException framework) {
        HttpStatusCode code = framework.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String detail = switch (status) {
            case NOT_FOUND -> "no such resource";
            case PAYLOAD_TOO_LARGE -> "the request body is too large";
            default -> framework.getReason() != null ? framework.getReason() : status.getReasonPhrase();
        };
        return new ProblemException(status, detail, null, List.of());
    }

    /** The problem+json document of a problem; {@code instance} is the request path. */
    public static String render(ProblemException problem, String instance) {
        JsonObject json = new JsonObject();
        json.addProperty("type", "about:blank");
        json.addProperty("title", problem.status().getReasonPhrase());
        json.addProperty("status", problem.status().value());
        json.addProperty("detail", problem.detail());
        json.addProperty("instance", instance);
        if (problem.code() != null && !problem.code().isEmpty()) {
            json.addProperty("code", problem.code());
        }
        if (!problem.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            problem.errors().forEach(error -> {
                JsonObject entry = new JsonObject();
                entry.addProperty("field", error.field());
                entry.addProperty("message", error.message());
                errors.add(entry);
            });
            json.add("errors", errors);
        }
        return json.toString();
    }
}
