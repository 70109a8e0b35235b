package io.exceed.gateway.auth;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpMethod;

/**
 * What an API key may do. A REST route needs the scope of its backend's resources and of its method:
 * GET reads, every other method writes. {@code admin} grants every scope.
 */
public enum Scope {
    CUSTOMERS_READ("customers:read"),
    CUSTOMERS_WRITE("customers:write"),
    FEEDBACK_READ("feedback:read"),
    FEEDBACK_WRITE("feedback:write"),
    FOLLOWUPS_READ("followups:read"),
    FOLLOWUPS_WRITE("followups:write"),
    ADMIN("admin");

    /** The resource family each backend serves; a route of a backend not listed here cannot be authorised. */
    private static final Map<String, String> RESOURCES_BY_BACKEND = Map.of(
            "customer-service", "customers",
            "feedback-service", "feedback",
            "followup-service", "followups");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** As written in a key's scopes and in problems, e.g. {@code customers:read}. */
    public String value() {
        return value;
    }

    public static Optional<Scope> parse(String value) {
        return Arrays.stream(values()).filter(scope -> scope.value.equals(value)).findFirst();
    }

    /** The scope a route of {@code backend} with {@code method} needs. */
    public static Scope required(String backend, HttpMethod method) {
        String resources = RESOURCES_BY_BACKEND.get(backend);
        if (resources == null) {
            throw new IllegalStateException("no scope covers backend " + backend);
        }
        String value = resources + (HttpMethod.GET.equals(method) ? ":read" : ":write");
        return parse(value).orElseThrow(() -> new IllegalStateException("no scope " + value));
    }

    @Override
    public String toString() {
        return value;
    }
}
