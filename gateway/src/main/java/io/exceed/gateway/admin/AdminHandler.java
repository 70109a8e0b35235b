package io.exceed.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.auth.ApiKey;
import io.exceed.gateway.auth.ApiKeySecrets;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operators' JSON API for tenants' API keys, under {@code /admin/v1/tenants/{tenant}/apiKeys}. Every call
 * needs {@code Authorization: Bearer <operator token>}; without a configured token the API is off (503).
 */
public final class AdminHandler {

    static final int NAME_MAX_LENGTH = 100;
    private static final String BEARER = "Bearer ";
    private static final String REVOKE = ":revoke";

    private final ApiKeys apiKeys;
    private final String operatorToken;

    /** @param operatorToken the token operators present; null or blank turns the admin API off */
    public AdminHandler(ApiKeys apiKeys, String operatorToken) {
        this.apiKeys = apiKeys;
        this.operatorToken = operatorToken == null || operatorToken.isBlank() ? null : operatorToken;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return Mono.fromRunnable(() -> authorize(request))
                .then(request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]))
                .map(body -> NewKey.parse(request.pathVariable("tenant"), body))
                .publishOn(Schedulers.boundedElastic())
                .map(input -> apiKeys.issue(input.tenant(), input.name(), input.scopes()))
                .flatMap(issued -> {
                    JsonObject json = describe(issued.apiKey());
                    json.addProperty("key", issued.key());
                    // The only response that carries the key: no cache may keep it.
                    return ServerResponse.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON)
                            .header(HttpHeaders.CACHE_CONTROL, "no-store").bodyValue(json.toString());
                });
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        return Mono.fromCallable(() -> {
            authorize(request);
            return tenant(request.pathVariable("tenant"));
        }).publishOn(Schedulers.boundedElastic()).map(apiKeys::list).flatMap(keys -> {
            JsonArray array = new JsonArray();
            keys.forEach(key -> array.add(describe(key)));
            JsonObject json = new JsonObject();
            json.add("apiKeys", array);
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.toString());
        });
    }

    /** {@code POST .../apiKeys/{id}:revoke}; revoking a revoked key changes nothing and answers the same. */
    public Mono<ServerResponse> revoke(ServerRequest request) {
        return Mono.fromCallable(() -> {
            authorize(request);
            TenantId tenant = tenant(request.pathVariable("tenant"));
            String idAndVerb = request.pathVariable("idAndVerb");
            if (!idAndVerb.endsWith(REVOKE) || idAndVerb.length() == REVOKE.length()) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            return Map.entry(tenant, idAndVerb.substring(0, idAndVerb.length() - REVOKE.length()));
        }).publishOn(Schedulers.boundedElastic())
                .map(target -> apiKeys.revoke(target.getKey(), target.getValue())
                        .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                                "no API key " + target.getValue() + " in tenant " + target.getKey(),
                                "API_KEY_NOT_FOUND", List.of())))
                .flatMap(key -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(describe(key).toString()));
    }

    private void authorize(ServerRequest request) {
        if (operatorToken == null) {
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                    "admin API disabled: set EXCEED_GATEWAY_OPERATOR_TOKEN", "ADMIN_API_DISABLED", List.of());
        }
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorized("the operator token is required: send Authorization: Bearer <token>",
                    "OPERATOR_TOKEN_MISSING", false);
        }
        if (!ApiKeySecrets.constantTimeEquals(operatorToken, authorization.substring(BEARER.length()).strip())) {
            throw ProblemException.unauthorized("the operator token is not valid", "OPERATOR_TOKEN_INVALID", true);
        }
    }

    private static TenantId tenant(String raw) {
        return TenantId.parse(raw).orElseThrow(() -> ProblemException.badRequest("the tenant id is not valid",
                List.of(tenantError())));
    }

    private static FieldError tenantError() {
        return new FieldError("tenant", "must match [a-z0-9][a-z0-9_-]{0,62}");
    }

    private static JsonObject describe(ApiKey key) {
        JsonObject json = new JsonObject();
        json.addProperty("id", key.id());
        json.addProperty("tenant", key.tenant().value());
        json.addProperty("name", key.name());
        json.addProperty("prefix", key.prefix());
        JsonArray scopes = new JsonArray();
        key.scopes().stream().map(Scope::value).sorted().forEach(scopes::add);
        json.add("scopes", scopes);
        json.addProperty("createTime", key.createTime().toString());
        if (key.lastUsedTime() != null) {
            json.addProperty("lastUsedTime", key.lastUsedTime().toString());
        }
        if (key.revokeTime() != null) {
            json.addProperty("revokeTime", key.revokeTime().toString());
        }
        return json;
    }

    /** A valid request for a new key; every problem with the input is reported at once, by field. */
    record NewKey(TenantId tenant, String name, Set<Scope> scopes) {

        static NewKey parse(String rawTenant, byte[] body) {
            JsonObject json;
            try {
                JsonElement parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
                if (!parsed.isJsonObject()) {
                    throw ProblemException.badRequest("the body must be a JSON object: {name, scopes}", List.of());
                }
                json = parsed.getAsJsonObject();
            } catch (JsonParseException malformed) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "the body is not valid JSON", "MALFORMED_JSON",
                        List.of());
            }
            List<FieldError> errors = new ArrayList<>();
            Optional<TenantId> tenant = TenantId.parse(rawTenant);
            if (tenant.isEmpty()) {
                errors.add(tenantError());
            }
            for (String field : json.keySet()) {
                if (!field.equals("name") && !field.equals("scopes")) {
                    errors.add(new FieldError(field, "unknown field; a key has a name and scopes"));
                }
            }
            String name = null;
            JsonElement rawName = json.get("name");
            if (rawName == null || rawName.isJsonNull() || !rawName.isJsonPrimitive()
                    || !rawName.getAsJsonPrimitive().isString() || rawName.getAsString().isBlank()) {
                errors.add(new FieldError("name", "must be a non-empty string"));
            } else if (rawName.getAsString().strip().length() > NAME_MAX_LENGTH) {
                errors.add(new FieldError("name", "must be at most " + NAME_MAX_LENGTH + " characters"));
            } else {
                name = rawName.getAsString().strip();
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            JsonElement rawScopes = json.get("scopes");
            if (rawScopes == null || !rawScopes.isJsonArray() || rawScopes.getAsJsonArray().isEmpty()) {
                errors.add(new FieldError("scopes", "must name at least one scope: " + known()));
            } else {
                JsonArray array = rawScopes.getAsJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    JsonElement element = array.get(i);
                    Optional<Scope> scope = element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
                            ? Scope.parse(element.getAsString())
                            : Optional.empty();
                    if (scope.isEmpty()) {
                        errors.add(new FieldError("scopes[" + i + "]", "unknown scope " + element + "; known: " + known()));
                    } else {
                        scopes.add(scope.get());
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.badRequest("the API key request is not valid", errors);
            }
            return new NewKey(tenant.orElseThrow(), name, scopes);
        }

        private static String known() {
            return Arrays.stream(Scope.values()).map(Scope::value).collect(Collectors.joining(", "));
        }
    }
}
