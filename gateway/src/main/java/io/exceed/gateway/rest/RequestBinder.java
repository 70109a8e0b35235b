package io.exceed.gateway.rest;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.ProblemException;

/**
 * Builds the gRPC request of a REST call the way {@code google.api.http} defines it: the body is the whole
 * request ({@code body: "*"}) or one field of it, path variables set their fields (and win over the body),
 * and, when the body is not the whole request, query parameters set the remaining fields by dotted path in
 * snake_case or lowerCamel. Everything is assembled as one proto3 JSON document and parsed by
 * {@link JsonFormat}, so values follow the proto3 JSON mapping (enums by name, int64 and timestamps as
 * strings) and an unknown field is a 400 that names it. Before that the body must be UTF-8 and each of its values
 * of its field's JSON kind ({@link StrictJson}), and no text, in the body, the query or the path, may hold
 * control characters: each is a 400 naming the field.
 */
public final class RequestBinder {

    private static final Pattern UNKNOWN_FIELD = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private final int maxJsonDepth;

    /** @param maxJsonDepth the deepest nesting of objects and arrays a body may have */
    public RequestBinder(int maxJsonDepth) {
        this.maxJsonDepth = maxJsonDepth;
    }

    public DynamicMessage bind(RestRoute route, Map<String, String> pathVariables, Map<String, List<String>> query,
            byte[] body) {
        Descriptor input = route.method().getInputType();
        JsonObject request = new JsonObject();
        if (route.body().equals(RestRoute.WHOLE_BODY)) {
            JsonElement whole = parseBody(body);
            if (whole != null && !whole.isJsonObject()) {
                throw ProblemException.badRequest("the request body must be a JSON object", List.of());
            }
            if (whole != null) {
                request = whole.getAsJsonObject();
            }
            if (!query.isEmpty()) {
                throw ProblemException.badRequest("this method takes no query parameters; put every field in the body",
                        query.keySet().stream().map(name -> new FieldError(name, "not accepted here")).toList());
            }
        } else {
            JsonElement part = parseBody(body);
            if (part != null) {
                if (route.body().isEmpty()) {
                    throw ProblemException.badRequest("this method takes no request body; use query parameters",
                            List.of());
                }
                request.add(route.body(), part);
            }
        }
        List<FieldError> mistyped = StrictJson.violations(input, request).stream()
                .map(error -> new FieldError(relativeToBody(error.field(), route.body()), error.message())).toList();
        if (!mistyped.isEmpty()) {
            throw misfit(mistyped);
        }
        if (!route.body().equals(RestRoute.WHOLE_BODY)) {
            for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
                put(request, input, parameter.getKey(), parameter.getValue(), route.body());
            }
        }
        for (Map.Entry<String, String> variable : pathVariables.entrySet()) {
            put(request, input, variable.getKey(), List.of(variable.getValue()), "");
        }
        DynamicMessage.Builder message = DynamicMessage.newBuilder(input);
        try {
            PARSER.merge(request.toString(), message);
        } catch (InvalidProtocolBufferException invalid) {
            throw invalidJson(invalid, input, request, route.body());
        }
        return message.build();
    }

    /**
     * The body as a JSON tree, or null when there is none; only strict JSON (RFC 8259) is accepted, nested at
     * most {@code maxJsonDepth} deep, so a hostile document cannot exhaust the parser's stack.
     */
    private JsonElement parseBody(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException malformed) {
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "the request body is not valid UTF-8", "MALFORMED_JSON", List.of());
        }
        if (text.isBlank()) {
            return null;
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(maxJsonDepth);
            JsonElement tree = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected data after the JSON value");
            }
            return tree;
        } catch (JsonParseException | IOException | IllegalStateException malformed) {
            if (rootMessage(malformed).startsWith("Nesting limit")) {
                throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST,
                        "the request body is nested deeper than the limit of " + maxJsonDepth + " levels",
                        "JSON_TOO_DEEP", List.of());
            }
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "the request body is not valid JSON: " + rootMessage(malformed), "MALFORMED_JSON", List.of());
        }
    }

    /** Sets one field, named by a dotted path, replacing what the body said for it. */
    private static void put(JsonObject request, Descriptor input, String path, List<String> values, String bodyField) {
        String[] parts = path.split("\\.", -1);
        Descriptor message = input;
        JsonObject object = request;
        for (int i = 0; i < parts.length; i++) {
            FieldDescriptor field = message == null ? null : FieldPaths.field(message, parts[i]).orElse(null);
            if (field == null) {
                throw ProblemException.badRequest("unknown query parameter '" + path + "'",
                        List.of(new FieldError(path, "no such field in " + input.getFullName())));
            }
            if (i == 0 && field.getName().equals(bodyField)) {
                throw ProblemException.badRequest("'" + path + "' belongs in the request body",
                        List.of(new FieldError(path, "set it in the body")));
            }
            boolean leaf = i == parts.length - 1;
            if (leaf) {
                object.remove(field.getJsonName());
                object.remove(field.getName());
                object.add(field.getName(), value(field, path, values));
                return;
            }
            if (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                throw ProblemException.badRequest("'" + path + "' cannot be set by a query parameter",
                        List.of(new FieldError(path, parts[i] + " is not a singular message")));
            }
            JsonElement inner = object.has(field.getJsonName()) ? object.get(field.getJsonName())
                    : object.get(field.getName());
            if (inner == null || !inner.isJsonObject()) {
                inner = new JsonObject();
                object.remove(field.getJsonName());
                object.add(field.getName(), inner);
            }
            object = inner.getAsJsonObject();
            message = field.getMessageType();
        }
    }

    private static JsonElement value(FieldDescriptor field, String path, List<String> values) {
        if (field.isMapField()) {
            throw ProblemException.badRequest("'" + path + "' is a map and cannot be set by a query parameter",
                    List.of(new FieldError(path, "not settable by query parameter")));
        }
        if (field.isRepeated()) {
            JsonArray array = new JsonArray();
            for (int i = 0; i < values.size(); i++) {
                array.add(text(path + "[" + i + "]", values.get(i)));
            }
            return array;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest("'" + path + "' was given more than once",
                    List.of(new FieldError(path, "takes one value")));
        }
        // A string is what the proto3 JSON parser accepts for every scalar, enum and well-known type.
        return new JsonPrimitive(text(path, values.getFirst()));
    }

    /** A query parameter's or path variable's value, if it is text a field may hold. */
    private static String text(String path, String value) {
        StrictJson.textViolation(value).ifPresent(why -> {
            throw misfit(List.of(new FieldError(path, why)));
        });
        return value;
    }

    /** A 400 naming every field whose value is not of its kind, the first in the detail. */
    private static ProblemException misfit(List<FieldError> errors) {
        FieldError first = errors.getFirst();
        return ProblemException.badRequest("'" + first.field() + "' " + first.message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
    }

    /**
     * A 400 naming the field that does not fit the contract (unknown, or a value of the wrong type), by its path
     * as the caller wrote it: relative to the body when the body is one field of the request.
     */
    private static ProblemException invalidJson(InvalidProtocolBufferException invalid, Descriptor input,
            JsonObject request, String bodyField) {
        String message = invalid.getMessage();
        String path = blame(input, request, "").map(blamed -> relativeToBody(blamed, bodyField)).orElse(null);
        Matcher unknown = UNKNOWN_FIELD.matcher(message);
        if (unknown.find()) {
            String field = path != null ? path : unknown.group(1);
            return ProblemException.badRequest("unknown field '" + field + "'",
                    List.of(new FieldError(field, "no such field in " + unknown.group(2))));
        }
        if (path == null) {
            return ProblemException.badRequest("the request does not fit the contract: " + message, List.of());
        }
        return ProblemException.badRequest("'" + path + "' does not fit the contract: " + message,
                List.of(new FieldError(path, message)));
    }

    /** A path in the request as the caller wrote it: relative to the body when the body is one field of the request. */
    private static String relativeToBody(String path, String bodyField) {
        return !bodyField.isEmpty() && !bodyField.equals(RestRoute.WHOLE_BODY) && path.startsWith(bodyField + ".")
                ? path.substring(bodyField.length() + 1)
                : path;
    }

    /**
     * The path of the first field whose value the proto3 JSON parser refuses, found by parsing the fields one by
     * one and descending into nested messages (not into well-known types, whose JSON is not their fields).
     */
    private static Optional<String> blame(Descriptor type, JsonObject object, String prefix) {
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            JsonObject single = new JsonObject();
            single.add(entry.getKey(), entry.getValue());
            try {
                PARSER.merge(single.toString(), DynamicMessage.newBuilder(type));
                continue;
            } catch (InvalidProtocolBufferException refused) {
                // This field is at fault; look for the precise place inside it.
            }
            String path = prefix + entry.getKey();
            FieldDescriptor field = FieldPaths.field(type, entry.getKey()).orElse(null);
            if (field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()
                    && !field.getMessageType().getFile().getPackage().equals("google.protobuf")) {
                JsonElement value = entry.getValue();
                if (!field.isRepeated() && value.isJsonObject()) {
                    return blame(field.getMessageType(), value.getAsJsonObject(), path + ".")
                            .or(() -> Optional.of(path));
                }
                if (field.isRepeated() && value.isJsonArray()) {
                    JsonArray items = value.getAsJsonArray();
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i).isJsonObject()) {
                            Optional<String> inner = blame(field.getMessageType(),
                                    items.get(i).getAsJsonObject(), path + "[" + i + "].");
                            if (inner.isPresent()) {
                                return inner;
                            }
                        }
                    }
                }
            }
            return Optional.of(path);
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : failure.getMessage();
    }
}
