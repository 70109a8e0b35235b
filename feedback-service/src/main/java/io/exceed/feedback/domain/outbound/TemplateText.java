package io.exceed.feedback.domain.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Wording with variables written {@code {{name}}}. It is filled in one pass over the wording as written, so a value
 * that holds {@code {{...}}} stays as it is. A lone brace is text (CSS in an HTML part); {@code "{{"} always starts a
 * variable and {@code "}}"} always ends one, so a mistyped variable is refused rather than sent as it is.
 */
public final class TemplateText {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** One piece of wording: text as written, or the name of a variable ({@code literal} null). */
    public record Segment(String literal, String variable) {
    }

    /** The pieces, or what is wrong with the braces ({@code segments} then null). */
    private record Parsed(List<Segment> segments, String fault) {
    }

    private TemplateText() {
    }

    /** What is wrong with the wording's braces, if anything, for a person to fix. */
    public static Optional<String> fault(String source) {
        return Optional.ofNullable(parse(source).fault());
    }

    /** The names of the variables the wording uses, in order of appearance; the wording must be well formed. */
    public static List<String> variables(String source) {
        return segments(source).stream().filter(segment -> segment.literal() == null).map(Segment::variable)
                .toList();
    }

    /**
     * The wording filled in: its text through {@code literal}, each variable replaced by {@code value} of its name.
     * The wording must be well formed (checked when it was set).
     */
    public static String fill(String source, UnaryOperator<String> literal, Function<String, String> value) {
        StringBuilder filled = new StringBuilder(source.length() + 64);
        for (Segment segment : segments(source)) {
            filled.append(segment.literal() != null ? literal.apply(segment.literal())
                    : value.apply(segment.variable()));
        }
        return filled.toString();
    }

    private static List<Segment> segments(String source) {
        Parsed parsed = parse(source);
        if (parsed.fault() != null) {
            throw new IllegalArgumentException("malformed template: " + parsed.fault());
        }
        return parsed.segments();
    }

    private static Parsed parse(String source) {
        List<Segment> segments = new ArrayList<>();
        int at = 0;
        while (at < source.length()) {
            int open = source.indexOf(OPEN, at);
            int close = source.indexOf(CLOSE, at);
            if (close >= 0 && (open < 0 || close < open)) {
                return new Parsed(null, "\"}}\" at character " + (close + 1) + " closes no \"{{\"");
            }
            if (open < 0) {
                segments.add(new Segment(source.substring(at), null));
                break;
            }
            int end = source.indexOf(CLOSE, open + OPEN.length());
            if (end < 0) {
                return new Parsed(null, "\"{{\" at character " + (open + 1) + " is never closed with \"}}\"");
            }
            String name = source.substring(open + OPEN.length(), end);
            if (!NAME.matcher(name).matches()) {
                return new Parsed(null, "\"{{" + name + "}}\" at character " + (open + 1)
                        + " is not a variable: write {{name}} in lower case, e.g. {{survey_link}}");
            }
            if (open > at) {
                segments.add(new Segment(source.substring(at, open), null));
            }
            segments.add(new Segment(null, name));
            at = end + CLOSE.length();
        }
        return new Parsed(segments, null);
    }
}
