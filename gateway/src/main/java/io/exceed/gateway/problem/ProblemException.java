package io.exceed.gateway.problem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure the caller gets as an RFC 9457 problem: the HTTP status, a human-readable detail, a stable
 * machine-readable {@code code} (the service's ErrorInfo reason, or the gateway's own) and the offending fields.
 */
public class ProblemException extends RuntimeException {

    private static final String BEARER_REALM = "Bearer realm=\"exceed\"";

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String detail, String code, List<FieldError> errors) {
        this(status, detail, code, errors, Map.of());
    }

    /** @param headers response headers the status calls for, e.g. {@code WWW-Authenticate} with a 401 */
    public ProblemException(HttpStatus status, String detail, String code, List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** The same problem with one more response header. */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new ProblemException(status, detail(), code, errors, more);
    }

    /** A 400 for a request the gateway could not turn into a gRPC request. */
    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, detail, "INVALID_REQUEST", errors);
    }

    /**
     * A 401 for a request without valid credentials; the {@code WWW-Authenticate} challenge names the Bearer
     * scheme (RFC 6750) and, when credentials were presented but are not valid, {@code error="invalid_token"}
     * with the detail as {@code error_description}.
     */
    public static ProblemException unauthorized(String detail, String code, boolean credentialsPresented) {
        String challenge = credentialsPresented
                ? BEARER_REALM + ", error=\"invalid_token\", error_description=\"" + challengeText(detail) + "\""
                : BEARER_REALM;
        return new ProblemException(HttpStatus.UNAUTHORIZED, detail, code, List.of(),
                Map.of("WWW-Authenticate", challenge));
    }

    /** A 403 for a credential without the scope a route needs; the challenge names the scope (RFC 6750). */
    public static ProblemException insufficientScope(String detail, String scope) {
        return new ProblemException(HttpStatus.FORBIDDEN, detail, "MISSING_SCOPE", List.of(),
                Map.of("WWW-Authenticate", BEARER_REALM + ", error=\"insufficient_scope\", error_description=\""
                        + challengeText(detail) + "\", scope=\"" + challengeText(scope) + "\""));
    }

    /** RFC 6750 allows only printable ASCII without {@code "} and {@code \\} inside its quoted values. */
    private static String challengeText(String text) {
        return text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
    }

    public HttpStatus status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The machine-readable reason, or null when there is none. */
    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
