package io.exceed.gateway.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code google.api.http} path template such as {@code /v1/followUps/{follow_up_id}} or
 * {@code /v1/webhookEndpoints/{endpoint_id}:rotateSecret}: literal segments, single-segment variables bound
 * to a (possibly nested) request field, and an optional custom verb after the last colon. Multi-segment
 * variables ({@code {name=shelves/*}}, {@code **}) are refused when the route table is built, since no
 * contract uses them and a silent mismatch would be worse than a failed start.
 */
public record PathTemplate(String text, List<Segment> segments, String verb) {

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)(=\\*)?}");

    sealed interface Segment {
    }

    record Literal(String value) implements Segment {
    }

    record Variable(String fieldPath) implements Segment {
    }

    static PathTemplate parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + text);
        }
        String path = text.substring(1);
        String verb = "";
        int lastSlash = path.lastIndexOf('/');
        int colon = path.indexOf(':', Math.max(lastSlash, path.lastIndexOf('}')));
        if (colon >= 0) {
            verb = path.substring(colon + 1);
            path = path.substring(0, colon);
        }
        List<Segment> segments = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            Matcher variable = VARIABLE.matcher(part);
            if (variable.matches()) {
                segments.add(new Variable(variable.group(1)));
            } else if (part.isEmpty() || part.contains("{") || part.contains("}") || part.contains("*")) {
                throw new IllegalArgumentException("unsupported path template segment '" + part + "' in " + text);
            } else {
                segments.add(new Literal(part));
            }
        }
        return new PathTemplate(text, List.copyOf(segments), verb);
    }

    /**
     * @param segments the request path's segments, already percent-decoded, the verb split off
     * @param verb     the request's custom verb, empty for none
     * @return the variables' values by field path, if the path fits
     */
    Optional<Map<String, String>> match(List<String> segments, String verb) {
        if (!this.verb.equals(verb) || segments.size() != this.segments.size()) {
            return Optional.empty();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String actual = segments.get(i);
            switch (this.segments.get(i)) {
                case Literal literal -> {
                    if (!literal.value().equals(actual)) {
                        return Optional.empty();
                    }
                }
                case Variable variable -> {
                    if (actual.isEmpty()) {
                        return Optional.empty();
                    }
                    variables.put(variable.fieldPath(), actual);
                }
            }
        }
        return Optional.of(variables);
    }

    /** Literal segments and a verb make a template more specific than one that captures the same place. */
    int specificity() {
        int literals = (int) segments.stream().filter(Literal.class::isInstance).count();
        return (verb.isEmpty() ? 0 : 1000) + literals;
    }
}
