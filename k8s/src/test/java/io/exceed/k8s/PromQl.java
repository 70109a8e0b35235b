package io.exceed.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression reads: its vector selectors (metric name and label matchers) and the labels it groups
 * or matches by. Enough of PromQL's lexical grammar to find them (identifiers, strings, numbers and durations,
 * brackets), not an evaluator: promtool checks the syntax, this says which series the expression needs.
 * Grafana's variables ($namespace, ${pod}, $__rate_interval) may stand where PromQL has a label value or a
 * duration; a matcher whose value holds one is marked as such.
 */
final class PromQl {

    /** A label matcher: label, operator (=, !=, =~, !~) and value; templated if the value holds a $variable. */
    record Matcher(String label, String op, String value) {

        boolean templated() {
            return value.contains("$");
        }
    }

    /** A vector selector: a metric name (null if the selector names none) and its matchers. */
    record Selector(String metric, List<Matcher> matchers) {
    }

    /** Everything an expression reads. */
    record Reads(List<Selector> selectors, Set<String> groupingLabels) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
    private static final Pattern TOKEN = Pattern.compile("""
            \\s*(?:\
            (?<string>"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)\
            |(?<variable>\\$\\{[^}]+}|\\$[A-Za-z_][A-Za-z0-9_]*)\
            |(?<number>[0-9][0-9A-Za-z._]*(?:[eE][-+][0-9]+)?|\\.[0-9]+)\
            |(?<ident>[A-Za-z_:][A-Za-z0-9_:]*)\
            |(?<op>=~|!~|!=|==|>=|<=|[-+*/%^<>=(){}\\[\\],@:]))""", Pattern.COMMENTS);

    private PromQl() {
    }

    static Reads read(String expression) {
        List<String> tokens = tokens(expression);
        List<Selector> selectors = new ArrayList<>();
        Set<String> grouping = new java.util.TreeSet<>();
        int brackets = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            if (token.equals("[")) {
                brackets++;
            } else if (token.equals("]")) {
                brackets--;
            } else if (brackets > 0) {
                continue; // a range or subquery: durations and variables only
            } else if (token.equals("{")) {
                List<Matcher> matchers = new ArrayList<>();
                i = matchers(tokens, i, matchers);
                selectors.add(new Selector(null, matchers));
            } else if (isIdentifier(token)) {
                String lower = token.toLowerCase(java.util.Locale.ROOT);
                if (GROUPING.contains(lower)) {
                    if (next.equals("(")) {
                        for (i += 2; i < tokens.size() && !tokens.get(i).equals(")"); i++) {
                            if (!tokens.get(i).equals(",")) {
                                grouping.add(tokens.get(i));
                            }
                        }
                    }
                } else if (KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower) || next.equals("(")) {
                    continue; // an operator, an aggregation or a function
                } else if (next.equals("{")) {
                    List<Matcher> matchers = new ArrayList<>();
                    i = matchers(tokens, i + 1, matchers);
                    selectors.add(new Selector(token, matchers));
                } else {
                    selectors.add(new Selector(token, List.of()));
                }
            }
        }
        // A selector without a name names its metric with __name__.
        List<Selector> named = selectors.stream().map(selector -> selector.metric() != null ? selector
                : new Selector(selector.matchers().stream().filter(m -> m.label().equals("__name__") && m.op().equals("="))
                        .map(Matcher::value).findFirst().orElse(null),
                        selector.matchers().stream().filter(m -> !m.label().equals("__name__")).toList())).toList();
        return new Reads(named, grouping);
    }

    /** Reads the matchers of the selector whose "{" is at tokens[open]; returns the index of its "}". */
    private static int matchers(List<String> tokens, int open, List<Matcher> into) {
        int i = open + 1;
        while (i < tokens.size() && !tokens.get(i).equals("}")) {
            if (tokens.get(i).equals(",")) {
                i++;
                continue;
            }
            String label = tokens.get(i);
            String op = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            String value = i + 2 < tokens.size() ? tokens.get(i + 2) : "";
            if (!isIdentifier(label) || !Set.of("=", "!=", "=~", "!~").contains(op) || !value.matches("(?s)[\"'`].*")) {
                throw new IllegalArgumentException("not a label matcher: " + label + " " + op + " " + value);
            }
            into.add(new Matcher(label, op, unquote(value)));
            i += 3;
        }
        return i;
    }

    private static boolean isIdentifier(String token) {
        return token.matches("[A-Za-z_:][A-Za-z0-9_:]*");
    }

    private static String unquote(String token) {
        if (token.startsWith("`")) {
            return token.substring(1, token.length() - 1);
        }
        if (token.startsWith("\"") || token.startsWith("'")) {
            // PromQL strings escape like Go's: \\ and \" (and \' in single quotes) are what regexes need here.
            return token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return token;
    }

    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        java.util.regex.Matcher matcher = TOKEN.matcher(expression);
        int at = 0;
        while (at < expression.length()) {
            if (expression.substring(at).isBlank()) {
                break;
            }
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("cannot read PromQL at " + at + ": " + expression.substring(at));
            }
            String token = matcher.group().strip();
            if (token.startsWith("#")) {
                break;
            }
            tokens.add(token);
            at = matcher.end();
        }
        return tokens;
    }
}
