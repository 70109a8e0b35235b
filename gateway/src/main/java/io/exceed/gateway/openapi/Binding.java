package io.exceed.gateway.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpMethod;

import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;

/**
 * One {@code google.api.http} binding as an OpenAPI operation sees it.
 *
 * @param path          the OpenAPI path, e.g. {@code /v1/surveys/{survey_id}:publish}, its parameters named by
 *                      {@link #parameterName}
 * @param verb          the lower-case HTTP method, the path item's key
 * @param httpMethod    the same method, for the scope it needs
 * @param body          {@code *}, a top-level field name, or empty
 * @param pathVariables the request fields the path sets, as dotted proto field paths
 */
record Binding(String path, String verb, HttpMethod httpMethod, String body, List<String> pathVariables) {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)(=\\*)?}");

    static Binding of(HttpRule rule, MethodDescriptor method) {
        String template = switch (rule.getPatternCase()) {
            case GET -> rule.getGet();
            case POST -> rule.getPost();
            case PUT -> rule.getPut();
            case PATCH -> rule.getPatch();
            case DELETE -> rule.getDelete();
            default -> throw new IllegalStateException(method.getFullName() + ": unsupported HTTP pattern "
                    + rule.getPatternCase());
        };
        HttpMethod httpMethod = HttpMethod.valueOf(rule.getPatternCase().name());
        List<String> variables = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            variables.add(matcher.group(1));
            matcher.appendReplacement(path, Matcher.quoteReplacement("{" + parameterName(matcher.group(1)) + "}"));
        }
        matcher.appendTail(path);
        return new Binding(path.toString(), httpMethod.name().toLowerCase(java.util.Locale.ROOT), httpMethod,
                rule.getBody(), List.copyOf(variables));
    }

    /**
     * The path parameter that sets a request field: its dotted path with underscores, so that the Update of a
     * resource ({@code {survey.id}}) and its Get ({@code {survey_id}}) share one path, as OpenAPI requires of paths
     * that differ only in a parameter's name.
     */
    static String parameterName(String variable) {
        return variable.replace('.', '_');
    }

    /** Whether the operation changes an existing resource in place, where If-Match applies. */
    boolean updates() {
        return httpMethod.equals(HttpMethod.PATCH) || httpMethod.equals(HttpMethod.PUT);
    }
}
