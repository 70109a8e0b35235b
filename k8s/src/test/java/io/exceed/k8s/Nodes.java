package io.exceed.k8s;

import java.util.List;
import java.util.Map;

/** Read access to parsed YAML (maps, lists, scalars) by path, absent-tolerant. */
final class Nodes {

    private Nodes() {
    }

    static Object at(Object node, String... path) {
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** The map at that path; empty where the path is absent (use {@link #at} to tell absent from empty). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        return at(node, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The list of objects at that path; empty where the path is absent. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object node, String... path) {
        return at(node, path) instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList()
                : List.of();
    }

    /** The list of scalars at that path, as strings; empty where the path is absent. */
    static List<String> strings(Object node, String... path) {
        return at(node, path) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    static String str(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    static Integer num(Object node, String... path) {
        return at(node, path) instanceof Integer number ? number : null;
    }

    static Boolean bool(Object node, String... path) {
        return at(node, path) instanceof Boolean flag ? flag : null;
    }
}
