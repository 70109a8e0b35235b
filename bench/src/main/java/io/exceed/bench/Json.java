package io.exceed.bench;

import java.util.List;
import java.util.Map;

/** Just enough JSON for the results file: maps, lists, strings, numbers, booleans. */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append("{");
                String inner = indent + "  ";
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(first ? "\n" : ",\n").append(inner);
                    string(entry.getKey().toString(), out);
                    out.append(": ");
                    write(entry.getValue(), out, inner);
                    first = false;
                }
                out.append(first ? "}" : "\n" + indent + "}");
            }
            case List<?> list -> {
                out.append("[");
                String inner = indent + "  ";
                boolean first = true;
                for (Object item : list) {
                    out.append(first ? "\n" : ",\n").append(inner);
                    write(item, out, inner);
                    first = false;
                }
                out.append(first ? "]" : "\n" + indent + "]");
            }
            case Double number -> out.append(Double.isFinite(number) ? String.format(java.util.Locale.ROOT, "%.3f", number) : "null");
            case Number number -> out.append(number);
            case Boolean bool -> out.append(bool);
            default -> string(value.toString(), out);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
