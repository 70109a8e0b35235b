package io.exceed.gateway.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.google.api.AnnotationsProto;
import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.api.HttpRule;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;

import io.exceed.gateway.auth.Scope;

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same descriptors and {@code google.api.http}
 * annotations the gateway routes by, with the contracts' comments as descriptions. Schemas follow the proto3
 * JSON mapping the gateway speaks: lowerCamel names, enums as their names, 64-bit integers as strings,
 * Timestamp as an RFC 3339 date-time, Duration as seconds with an {@code s}, FieldMask as comma-separated
 * paths, wrappers as nullable scalars, maps as objects. Every operation documents the headers and error
 * responses of the REST layer.
 */
public final class OpenApiDocument {

    static final String SCHEMAS = "#/components/schemas/";
    static final String API_KEY = "apiKey";
    static final String JWT = "jwt";
    private static final int QUERY_DEPTH = 3;
    private static final Map<String, JsonObject> WELL_KNOWN = wellKnownTypes();

    private final ContractComments comments;
    private final Set<String> tenantlessServices;
    private final Map<String, JsonObject> schemas = new TreeMap<>();
    private final Set<String> operationIds = new LinkedHashSet<>();

    private OpenApiDocument(ContractComments comments, Set<String> tenantlessServices) {
        this.comments = comments;
        this.tenantlessServices = tenantlessServices;
    }

    /**
     * @param files              the service contracts
     * @param backendByPackage   the backend of each proto package, for the scope an operation needs
     * @param tenantlessServices services whose routes need no credential
     */
    public static JsonObject generate(List<FileDescriptor> files, Map<String, String> backendByPackage,
            Set<String> tenantlessServices, ContractComments comments) {
        return new OpenApiDocument(comments, tenantlessServices).build(files, backendByPackage);
    }

    private JsonObject build(List<FileDescriptor> files, Map<String, String> backendByPackage) {
        JsonObject document = new JsonObject();
        document.addProperty("openapi", "3.1.0");
        JsonObject info = new JsonObject();
        info.addProperty("title", "Exceed API");
        info.addProperty("version", "v1");
        info.addProperty("summary", "Customer profiles, feedback and follow-ups over REST/JSON.");
        info.addProperty("description", """
                The REST/JSON API of the Exceed gateway, transcoded to the services' gRPC methods and generated \
                from their contracts. Bodies use the proto3 JSON mapping. Authenticate with a tenant API key \
                (`Authorization: Bearer exk_…`) or an OAuth2 JWT access token; the credential decides the \
                tenant. Errors are `application/problem+json` (RFC 9457) with a machine-readable `code` and \
                the offending fields in `errors`. The same services are available over gRPC on the gateway's \
                gRPC port.""");
        document.add("info", info);
        JsonArray servers = new JsonArray();
        servers.add(object("url", "/"));
        document.add("servers", servers);

        JsonObject paths = new JsonObject();
        JsonArray tags = new JsonArray();
        for (FileDescriptor file : files) {
            String backend = backendByPackage.get(file.getPackage());
            for (ServiceDescriptor service : file.getServices()) {
                boolean tagged = false;
                for (MethodDescriptor method : service.getMethods()) {
                    if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
                        continue;
                    }
                    HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
                    List<HttpRule> bindings = new ArrayList<>();
                    bindings.add(rule);
                    bindings.addAll(rule.getAdditionalBindingsList());
                    for (HttpRule binding : bindings) {
                        addOperation(paths, binding, method, backend);
                    }
                    tagged = true;
                }
                if (tagged) {
                    JsonObject tag = object("name", service.getName());
                    comments.of(service).ifPresent(text -> tag.addProperty("description", text));
                    tags.add(tag);
                }
            }
        }
        document.add("tags", tags);
        document.add("paths", paths);
        JsonArray security = new JsonArray();
        security.add(object(API_KEY, new JsonArray()));
        security.add(object(JWT, new JsonArray()));
        document.add("security", security);
        document.add("components", components());
        return document;
    }

    private void addOperation(JsonObject paths, HttpRule binding, MethodDescriptor method, String backend) {
        Binding http = Binding.of(binding, method);
        JsonObject pathItem = paths.has(http.path()) ? paths.getAsJsonObject(http.path()) : new JsonObject();
        paths.add(http.path(), pathItem);
        if (pathItem.has(http.verb())) {
            throw new IllegalStateException("two operations for " + http.verb() + " " + http.path());
        }
        JsonObject operation = new JsonObject();
        operation.add("tags", array(method.getService().getName()));
        String operationId = method.getService().getName() + "_" + method.getName();
        for (int n = 2; operationIds.contains(operationId); n++) {
            operationId = method.getService().getName() + "_" + method.getName() + "_" + n;
        }
        operationIds.add(operationId);
        operation.addProperty("operationId", operationId);
        String comment = comments.of(method).orElse("");
        operation.addProperty("summary", summary(comment, method));
        boolean tenantless = tenantlessServices.contains(method.getService().getFullName());
        Scope scope = Scope.required(backend, http.httpMethod());
        operation.addProperty("description", (comment.isEmpty() ? method.getName() : comment) + "\n\n"
                + (tenantless ? "Needs no credential." : "Needs the scope `" + scope.value() + "` (or `admin`).")
                + "\n\ngRPC: `" + method.getService().getFullName() + "/" + method.getName() + "`.");

        JsonArray parameters = new JsonArray();
        Descriptor input = method.getInputType();
        for (String variable : http.pathVariables()) {
            FieldDescriptor field = resolve(input, variable);
            String description = comments.of(field).orElse(null);
            if (variable.contains(".")) {
                description = (description == null ? "" : description + "\n\n") + "Sets `" + variable + "`.";
            }
            JsonObject parameter = parameter(Binding.parameterName(variable), "path", fieldSchema(field), true,
                    description);
            parameters.add(parameter);
        }
        if (!http.body().equals("*")) {
            queryParameters(parameters, input, "", http, 0, new LinkedHashSet<>());
        }
        parameters.add(ref("#/components/parameters/XRequestId"));
        if (http.verb().equals("post")) {
            parameters.add(ref("#/components/parameters/IdempotencyKey"));
        }
        if (http.updates()) {
            parameters.add(ref("#/components/parameters/IfMatch"));
        }
        operation.add("parameters", parameters);

        if (!http.body().isEmpty()) {
            JsonObject body = new JsonObject();
            body.addProperty("required", true);
            JsonObject schema;
            if (http.body().equals("*")) {
                schema = http.pathVariables().isEmpty() ? ref(SCHEMAS + schemaFor(input))
                        : bodyWithoutPathFields(input, http.pathVariables());
            } else {
                FieldDescriptor field = input.findFieldByName(http.body());
                schema = fieldSchema(field);
                comments.of(field).ifPresent(text -> body.addProperty("description", text));
            }
            body.add("content", object("application/json", object("schema", schema)));
            operation.add("requestBody", body);
        }

        operation.add("responses", responses(method, http, tenantless));
        if (tenantless) {
            operation.add("security", new JsonArray());
        } else {
            // OpenAPI 3.1 lets non-OAuth schemes list the roles (here: scopes) an operation needs.
            JsonArray security = new JsonArray();
            security.add(object(API_KEY, array(scope.value())));
            security.add(object(JWT, array(scope.value())));
            operation.add("security", security);
        }
        pathItem.add(http.verb(), operation);
    }

    private JsonObject responses(MethodDescriptor method, Binding http, boolean tenantless) {
        JsonObject responses = new JsonObject();
        JsonObject ok = new JsonObject();
        JsonObject headers = standardHeaders();
        if (http.verb().equals("get") || http.updates()) {
            headers.add("ETag", ref("#/components/headers/ETag"));
        }
        ok.add("headers", headers);
        String output = schemaFor(method.getOutputType());
        if (method.isServerStreaming()) {
            ok.addProperty("description", "A stream of Server-Sent Events until the caller disconnects; each "
                    + "event's `data` is one `" + output + "` in JSON.");
            JsonObject stream = object("type", "string");
            stream.addProperty("description", "text/event-stream; each event's data is a JSON " + output);
            ok.add("content", object("text/event-stream", object("schema", stream)));
        } else {
            ok.addProperty("description", "The `" + output + "`.");
            ok.add("content", object("application/json", object("schema", ref(SCHEMAS + output))));
        }
        responses.add("200", ok);
        responses.add("400", ref("#/components/responses/BadRequest"));
        if (!tenantless) {
            responses.add("401", ref("#/components/responses/Unauthorized"));
            responses.add("403", ref("#/components/responses/Forbidden"));
        }
        responses.add("404", ref("#/components/responses/NotFound"));
        responses.add("409", ref("#/components/responses/Conflict"));
        if (!http.body().isEmpty()) {
            responses.add("413", ref("#/components/responses/PayloadTooLarge"));
        }
        if (http.verb().equals("post")) {
            responses.add("422", ref("#/components/responses/IdempotencyKeyReused"));
        }
        if (http.updates()) {
            responses.add("412", ref("#/components/responses/PreconditionFailed"));
            responses.add("428", ref("#/components/responses/PreconditionRequired"));
        }
        responses.add("429", ref("#/components/responses/TooManyRequests"));
        responses.add("500", ref("#/components/responses/InternalError"));
        responses.add("503", ref("#/components/responses/ServiceUnavailable"));
        responses.add("504", ref("#/components/responses/GatewayTimeout"));
        return responses;
    }

    /** Query parameters for every field not bound by the path or the body: scalars by dotted path. */
    private void queryParameters(JsonArray parameters, Descriptor message, String prefix, Binding http, int depth,
            Set<String> visiting) {
        if (!visiting.add(message.getFullName())) {
            return;
        }
        for (FieldDescriptor field : message.getFields()) {
            String path = prefix + field.getName();
            if (http.pathVariables().contains(path) || (prefix.isEmpty() && field.getName().equals(http.body()))
                    || field.isMapField()) {
                continue;
            }
            boolean leaf = field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                    || WELL_KNOWN.containsKey(field.getMessageType().getFullName());
            if (leaf) {
                parameters.add(parameter(path, "query", fieldSchema(field), required(field),
                        comments.of(field).orElse(null)));
            } else if (!field.isRepeated() && depth < QUERY_DEPTH) {
                queryParameters(parameters, field.getMessageType(), path + ".", http, depth + 1, visiting);
            }
        }
        visiting.remove(message.getFullName());
    }

    private JsonObject bodyWithoutPathFields(Descriptor input, List<String> pathVariables) {
        JsonObject schema = messageSchema(input);
        JsonObject properties = schema.getAsJsonObject("properties");
        for (String variable : pathVariables) {
            if (!variable.contains(".")) {
                FieldDescriptor field = input.findFieldByName(variable);
                properties.remove(field.getJsonName());
                if (schema.has("required")) {
                    JsonArray required = new JsonArray();
                    schema.getAsJsonArray("required").forEach(name -> {
                        if (!name.getAsString().equals(field.getJsonName())) {
                            required.add(name);
                        }
                    });
                    schema.add("required", required);
                }
            }
        }
        schema.addProperty("description", comments.of(input).orElse(input.getName())
                + " The fields in the path are taken from there.");
        return schema;
    }

    /** Registers the message (and what it refers to) under components/schemas; returns its name. */
    private String schemaFor(Descriptor message) {
        String name = message.getFullName();
        if (!schemas.containsKey(name)) {
            schemas.put(name, new JsonObject()); // placeholder: recursive messages refer to themselves
            schemas.put(name, messageSchema(message));
        }
        return name;
    }

    private String schemaFor(EnumDescriptor enumType) {
        String name = enumType.getFullName();
        if (!schemas.containsKey(name)) {
            JsonObject schema = object("type", "string");
            JsonArray values = new JsonArray();
            StringBuilder description = new StringBuilder(comments.of(enumType).orElse(enumType.getName()));
            for (EnumValueDescriptor value : enumType.getValues()) {
                values.add(value.getName());
                comments.of(value).ifPresent(text -> description.append("\n- `").append(value.getName())
                        .append("`: ").append(text.replace('\n', ' ')));
            }
            schema.add("enum", values);
            schema.addProperty("description", description.toString());
            schemas.put(name, schema);
        }
        return name;
    }

    private JsonObject messageSchema(Descriptor message) {
        JsonObject schema = object("type", "object");
        comments.of(message).ifPresent(text -> schema.addProperty("description", text));
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (FieldDescriptor field : message.getFields()) {
            JsonObject property = fieldSchema(field);
            Optional<String> comment = comments.of(field);
            List<FieldBehavior> behavior = field.getOptions().getExtension(FieldBehaviorProto.fieldBehavior);
            if (behavior.contains(FieldBehavior.OUTPUT_ONLY)) {
                property.addProperty("readOnly", true);
            }
            if (behavior.contains(FieldBehavior.INPUT_ONLY)) {
                // Sent, never returned (a password): generated clients leave it out of what they read.
                property.addProperty("writeOnly", true);
            }
            if (comment.isPresent() || behavior.contains(FieldBehavior.OUTPUT_ONLY)) {
                // A $ref with siblings is allowed in 3.1; the description belongs to the field, not the type.
                property.addProperty("description", comment.orElse("Set by the service."));
            }
            properties.add(field.getJsonName(), property);
            if (behavior.contains(FieldBehavior.REQUIRED)) {
                required.add(field.getJsonName());
            }
        }
        schema.add("properties", properties);
        if (!required.isEmpty()) {
            schema.add("required", required);
        }
        JsonArray exclusive = new JsonArray();
        for (OneofDescriptor oneof : message.getRealOneofs()) {
            // At most one member of a oneof is set: no two of them together. Each pair names the members' schemas
            // beside "required", so that the names it requires are defined where they are required.
            List<FieldDescriptor> members = oneof.getFields();
            JsonArray pairs = new JsonArray();
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    pairs.add(bothSet(members.get(i), members.get(j)));
                }
            }
            // One pair stands alone: an anyOf of a single schema says nothing more.
            if (pairs.size() == 1) {
                exclusive.add(object("not", pairs.get(0)));
            } else if (!pairs.isEmpty()) {
                exclusive.add(object("not", object("anyOf", pairs)));
            }
            String names = String.join(", ", members.stream().map(FieldDescriptor::getJsonName).toList());
            String note = "At most one of " + names + " is set (oneof " + oneof.getName() + ")."
                    + comments.of(oneof).map(text -> " " + text).orElse("");
            schema.addProperty("description", schema.has("description")
                    ? schema.get("description").getAsString() + "\n\n" + note : note);
        }
        if (!exclusive.isEmpty()) {
            schema.add("allOf", exclusive);
        }
        return schema;
    }

    /** A message in which both fields are set. */
    private JsonObject bothSet(FieldDescriptor first, FieldDescriptor second) {
        JsonObject properties = new JsonObject();
        properties.add(first.getJsonName(), fieldSchema(first));
        properties.add(second.getJsonName(), fieldSchema(second));
        JsonObject both = object("properties", properties);
        both.add("required", array(first.getJsonName(), second.getJsonName()));
        return both;
    }

    private JsonObject fieldSchema(FieldDescriptor field) {
        if (field.isMapField()) {
            FieldDescriptor value = field.getMessageType().findFieldByName("value");
            JsonObject map = object("type", "object");
            map.add("additionalProperties", singleSchema(value));
            return map;
        }
        JsonObject single = singleSchema(field);
        if (field.isRepeated()) {
            JsonObject list = object("type", "array");
            list.add("items", single);
            return list;
        }
        return single;
    }

    private JsonObject singleSchema(FieldDescriptor field) {
        return switch (field.getType()) {
            case DOUBLE -> format("number", "double");
            case FLOAT -> format("number", "float");
            case INT32, SINT32, SFIXED32 -> format("integer", "int32");
            case UINT32, FIXED32 -> {
                JsonObject unsigned = format("integer", "int64");
                unsigned.addProperty("minimum", 0);
                unsigned.addProperty("maximum", 4_294_967_295L);
                yield unsigned;
            }
            case INT64, SINT64, SFIXED64 -> int64("int64");
            case UINT64, FIXED64 -> int64("uint64");
            case BOOL -> object("type", "boolean");
            case STRING -> object("type", "string");
            case BYTES -> {
                JsonObject bytes = object("type", "string");
                bytes.addProperty("contentEncoding", "base64");
                yield bytes;
            }
            case ENUM -> ref(SCHEMAS + schemaFor(field.getEnumType()));
            case MESSAGE, GROUP -> {
                JsonObject wellKnown = WELL_KNOWN.get(field.getMessageType().getFullName());
                yield wellKnown != null ? wellKnown.deepCopy() : ref(SCHEMAS + schemaFor(field.getMessageType()));
            }
        };
    }

    private JsonObject parameter(String name, String in, JsonObject schema, boolean required, String description) {
        JsonObject parameter = object("name", name);
        parameter.addProperty("in", in);
        if (required) {
            parameter.addProperty("required", true);
        }
        if (description != null) {
            parameter.addProperty("description", description);
        }
        parameter.add("schema", schema);
        if (in.equals("query") && "array".equals(stringOf(schema, "type"))) {
            parameter.addProperty("style", "form");
            parameter.addProperty("explode", true);
        }
        return parameter;
    }

    private static boolean required(FieldDescriptor field) {
        return field.getOptions().getExtension(FieldBehaviorProto.fieldBehavior).contains(FieldBehavior.REQUIRED);
    }

    private static FieldDescriptor resolve(Descriptor message, String dottedPath) {
        Descriptor current = message;
        FieldDescriptor field = null;
        for (String part : dottedPath.split("\\.")) {
            field = current.findFieldByName(part);
            if (field == null) {
                throw new IllegalStateException("no field " + dottedPath + " in " + message.getFullName());
            }
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        }
        return field;
    }

    private JsonObject components() {
        JsonObject components = new JsonObject();
        JsonObject all = new JsonObject();
        schemas.forEach(all::add);
        all.add("Problem", Problems.schema());
        components.add("schemas", all);
        components.add("responses", Problems.responses(standardHeaders()));
        components.add("parameters", Headers.parameters());
        components.add("headers", Headers.definitions());
        components.add("securitySchemes", securitySchemes());
        return components;
    }

    private static JsonObject standardHeaders() {
        JsonObject headers = new JsonObject();
        headers.add("X-Request-Id", ref("#/components/headers/XRequestId"));
        headers.add("RateLimit", ref("#/components/headers/RateLimit"));
        headers.add("RateLimit-Policy", ref("#/components/headers/RateLimitPolicy"));
        return headers;
    }

    private static JsonObject securitySchemes() {
        JsonObject schemes = new JsonObject();
        JsonObject apiKey = object("type", "http");
        apiKey.addProperty("scheme", "bearer");
        apiKey.addProperty("bearerFormat", "API key (exk_…)");
        apiKey.addProperty("description", "A tenant API key, issued by an operator through the admin API with "
                + "scopes (customers:read, customers:write, feedback:read, feedback:write, followups:read, "
                + "followups:write, admin); shown once when issued. The key decides the tenant.");
        schemes.add(API_KEY, apiKey);
        JsonObject jwt = object("type", "http");
        jwt.addProperty("scheme", "bearer");
        jwt.addProperty("bearerFormat", "JWT");
        jwt.addProperty("description", "An OAuth2 access token (JWT) from the configured issuer; the tenant and "
                + "the scopes come from its claims.");
        schemes.add(JWT, jwt);
        return schemes;
    }

    private static String summary(String comment, MethodDescriptor method) {
        if (comment.isEmpty()) {
            return method.getName();
        }
        String firstLine = comment.lines().findFirst().orElse("");
        int end = firstLine.indexOf(". ");
        String sentence = end > 0 ? firstLine.substring(0, end + 1) : firstLine;
        return sentence.length() > 120 ? method.getName() : sentence;
    }

    private static JsonObject int64(String format) {
        JsonObject schema = format("string", format);
        schema.addProperty("pattern", format.equals("uint64") ? "^[0-9]+$" : "^-?[0-9]+$");
        schema.addProperty("description", "A 64-bit integer, as a string (proto3 JSON).");
        return schema;
    }

    private static Map<String, JsonObject> wellKnownTypes() {
        Map<String, JsonObject> types = new LinkedHashMap<>();
        JsonObject timestamp = format("string", "date-time");
        timestamp.addProperty("description", "An RFC 3339 UTC time, e.g. 2026-01-01T09:30:00Z.");
        types.put("google.protobuf.Timestamp", timestamp);
        JsonObject duration = object("type", "string");
        duration.addProperty("pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$");
        duration.addProperty("description", "A duration in seconds with an s suffix, e.g. 3600s or 1.5s.");
        types.put("google.protobuf.Duration", duration);
        JsonObject fieldMask = object("type", "string");
        fieldMask.addProperty("description", "Comma-separated field paths in lowerCamel, e.g. displayName,emails.");
        types.put("google.protobuf.FieldMask", fieldMask);
        types.put("google.protobuf.Empty", object("type", "object"));
        types.put("google.protobuf.Struct", object("type", "object"));
        types.put("google.protobuf.Value", new JsonObject());
        types.put("google.protobuf.ListValue", object("type", "array"));
        JsonObject any = object("type", "object");
        any.add("properties", object("@type", object("type", "string")));
        any.add("required", array("@type"));
        types.put("google.protobuf.Any", any);
        types.put("google.protobuf.DoubleValue", nullable(format("number", "double")));
        types.put("google.protobuf.FloatValue", nullable(format("number", "float")));
        types.put("google.protobuf.Int64Value", nullable(int64("int64")));
        types.put("google.protobuf.UInt64Value", nullable(int64("uint64")));
        types.put("google.protobuf.Int32Value", nullable(format("integer", "int32")));
        types.put("google.protobuf.UInt32Value", nullable(format("integer", "int64")));
        types.put("google.protobuf.BoolValue", nullable(object("type", "boolean")));
        types.put("google.protobuf.StringValue", nullable(object("type", "string")));
        JsonObject bytes = object("type", "string");
        bytes.addProperty("contentEncoding", "base64");
        types.put("google.protobuf.BytesValue", nullable(bytes));
        return Map.copyOf(types);
    }

    /** A wrapper: the scalar, or null when unset. */
    private static JsonObject nullable(JsonObject scalar) {
        scalar.add("type", array(scalar.get("type").getAsString(), "null"));
        return scalar;
    }

    static JsonObject format(String type, String format) {
        JsonObject schema = object("type", type);
        schema.addProperty("format", format);
        return schema;
    }

    static JsonObject ref(String target) {
        return object("$ref", target);
    }

    static JsonObject object(String key, String value) {
        JsonObject object = new JsonObject();
        object.addProperty(key, value);
        return object;
    }

    static JsonObject object(String key, JsonElement value) {
        JsonObject object = new JsonObject();
        object.add(key, value);
        return object;
    }

    static JsonArray array(String... values) {
        JsonArray array = new JsonArray();
        for (String value : values) {
            array.add(new JsonPrimitive(value));
        }
        return array;
    }

    private static String stringOf(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }
}
