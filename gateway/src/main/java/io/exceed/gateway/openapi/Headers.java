package io.exceed.gateway.openapi;

import static io.exceed.gateway.openapi.OpenApiDocument.object;

import com.google.gson.JsonObject;

/** The headers of the REST layer, as reusable parameters (requests) and header objects (responses). */
final class Headers {

    private Headers() {
    }

    static JsonObject parameters() {
        JsonObject parameters = new JsonObject();
        parameters.add("IdempotencyKey", header("Idempotency-Key", """
                Makes a POST safe to retry: for 24 hours a retry with the same key is sent again as the same \
                request (the key becomes its request_id, which the service recognises), so it is done once, and \
                is answered with Idempotent-Replayed: true from the resource's current state; the same key with \
                a different request is a 422, a retry while the first is running a 409. No response is stored."""));
        parameters.add("IfMatch", header("If-Match", """
                The ETag of the version being changed: a mismatch is a 412 and nothing changes; where an update \
                requires it, its absence is a 428."""));
        parameters.add("XRequestId", header("X-Request-Id", """
                The caller's id for the request, echoed in the response and passed to the services; one is \
                made when absent."""));
        return parameters;
    }

    static JsonObject definitions() {
        JsonObject headers = new JsonObject();
        headers.add("ETag", definition("The version of the resource; send it back in If-Match to update it."));
        headers.add("XRequestId", definition("The request's id (the caller's X-Request-Id, or one made for it)."));
        headers.add("RateLimit", definition("The caller's remaining quota in the current window "
                + "(IETF RateLimit header fields), e.g. limit=100, remaining=42, reset=17."));
        headers.add("RateLimitPolicy", definition("The quota policy that applies, e.g. 100;w=60."));
        JsonObject retryAfter = definition("Seconds to wait before retrying.");
        retryAfter.add("schema", OpenApiDocument.format("integer", "int32"));
        headers.add("RetryAfter", retryAfter);
        return headers;
    }

    private static JsonObject header(String name, String description) {
        JsonObject parameter = object("name", name);
        parameter.addProperty("in", "header");
        parameter.addProperty("description", description);
        parameter.add("schema", object("type", "string"));
        return parameter;
    }

    private static JsonObject definition(String description) {
        JsonObject header = object("description", description);
        header.add("schema", object("type", "string"));
        return header;
    }
}
