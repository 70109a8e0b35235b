package io.exceed.gateway.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

    /**
     * Methods that answer with other backends' data as well need those backends' read scopes too, so a key cannot
     * read through one backend what it may not read directly.
     */
    private static final Map<String, List<Scope>> ALSO_REQUIRED_BY_METHOD = Map.of(
            "exceed.customer.v1.CustomerService.GetCustomerView", List.of(FEEDBACK_READ, FOLLOWUPS_READ));

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

    /**
     * Every scope a call of {@code fullMethodName} (e.g. {@code exceed.customer.v1.CustomerService.GetCustomer}) on
     * {@code backend} with {@code method} needs: the backend's, then any the method's answer draws on.
     */
    public static List<Scope> required(String backend, HttpMethod method, String fullMethodName) {
        Scope own = required(backend, method);
        List<Scope> also = ALSO_REQUIRED_BY_METHOD.getOrDefault(fullMethodName, List.of());
        return Stream.concat(Stream.of(own), also.stream()).toList();
    }

    @Override
    public String toString() {
        return value;
    }
}
