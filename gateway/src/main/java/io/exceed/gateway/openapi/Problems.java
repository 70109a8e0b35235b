package io.exceed.gateway.openapi;

import static io.exceed.gateway.openapi.OpenApiDocument.array;
import static io.exceed.gateway.openapi.OpenApiDocument.format;
import static io.exceed.gateway.openapi.OpenApiDocument.object;
import static io.exceed.gateway.openapi.OpenApiDocument.ref;

import com.google.gson.JsonObject;

/** The error responses of the REST layer: RFC 9457 problem documents with {@code code} and {@code errors}. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static JsonObject schema() {
        JsonObject schema = object("type", "object");
        schema.addProperty("description", "An RFC 9457 problem, with the service's machine-readable reason and "
                + "the offending fields.");
        JsonObject properties = new JsonObject();
        properties.add("type", described(object("type", "string"), "Always about:blank; the status says what kind."));
        properties.add("title", described(object("type", "string"), "The HTTP status's reason phrase."));
        properties.add("status", described(format("integer", "int32"), "The HTTP status code."));
        properties.add("detail", described(object("type", "string"), "What went wrong, for a human."));
        properties.add("instance", described(object("type", "string"), "The request path."));
        properties.add("code", described(object("type", "string"),
                "A stable machine-readable reason, e.g. CUSTOMER_NOT_FOUND or MISSING_SCOPE."));
        JsonObject error = object("type", "object");
        JsonObject errorProperties = new JsonObject();
        errorProperties.add("field", described(object("type", "string"), "The field's path, e.g. customer.emails[1]."));
        errorProperties.add("message", described(object("type", "string"), "Why the value is not accepted."));
        error.add("properties", errorProperties);
        error.add("required", array("field", "message"));
        JsonObject errors = object("type", "array");
        errors.add("items", error);
        properties.add("errors", described(errors, "The offending fields, when the problem is with the input."));
        schema.add("properties", properties);
        schema.add("required", array("type", "title", "status"));
        return schema;
    }

    static JsonObject responses(JsonObject standardHeaders) {
        JsonObject responses = new JsonObject();
        responses.add("BadRequest", problem("The request does not fit the contract (malformed JSON, an unknown "
                + "field, a wrong type, an invalid value); `errors` names the fields. Nothing changed.", standardHeaders, false));
        responses.add("Unauthorized", withAuthenticate(problem("No valid credential: missing, malformed, "
                + "unknown, revoked or expired.", standardHeaders, false)));
        responses.add("Forbidden", problem("The credential lacks the scope the operation needs; `detail` names it.",
                standardHeaders, false));
        responses.add("NotFound", problem("No such resource for this tenant.", standardHeaders, false));
        responses.add("Conflict", problem("The resource's state forbids the call, or it already exists; or the "
                + "Idempotency-Key's first request is still running, or ended and cannot be sent again.",
                standardHeaders, false));
        responses.add("PayloadTooLarge", problem("The request body is too large.", standardHeaders, false));
        responses.add("IdempotencyKeyReused", problem("The Idempotency-Key was used before with a different "
                + "request.", standardHeaders, false));
        responses.add("PreconditionFailed", problem("If-Match does not match the resource's current ETag.",
                standardHeaders, false));
        responses.add("PreconditionRequired", problem("This update requires If-Match.", standardHeaders, false));
        responses.add("TooManyRequests", problem("The tenant's rate limit is used up; retry after Retry-After "
                + "seconds.", standardHeaders, true));
        responses.add("InternalError", problem("An unexpected failure.", standardHeaders, false));
        responses.add("ServiceUnavailable", problem("The service is down or its circuit breaker is open; retry "
                + "after Retry-After seconds.", standardHeaders, true));
        responses.add("GatewayTimeout", problem("The service did not answer in time.", standardHeaders, false));
        return responses;
    }

    private static JsonObject problem(String description, JsonObject standardHeaders, boolean retryAfter) {
        JsonObject response = object("description", description);
        JsonObject headers = standardHeaders.deepCopy();
        if (retryAfter) {
            headers.add("Retry-After", ref("#/components/headers/RetryAfter"));
        }
        response.add("headers", headers);
        response.add("content", object(MEDIA_TYPE, object("schema", ref(OpenApiDocument.SCHEMAS + "Problem"))));
        return response;
    }

    private static JsonObject withAuthenticate(JsonObject response) {
        JsonObject challenge = object("description", "The Bearer challenge (RFC 6750).");
        challenge.add("schema", object("type", "string"));
        response.getAsJsonObject("headers").add("WWW-Authenticate", challenge);
        return response;
    }

    private static JsonObject described(JsonObject schema, String description) {
        schema.addProperty("description", description);
        return schema;
    }
}
