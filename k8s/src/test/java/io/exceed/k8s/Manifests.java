package io.exceed.k8s;

import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.map;
import static io.exceed.k8s.Nodes.str;
import static io.exceed.k8s.Nodes.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.yaml.snakeyaml.Yaml;

/** The objects one kustomization renders to. */
record Manifests(List<Map<String, Object>> objects, String text) {

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    @SuppressWarnings("unchecked")
    static Manifests parse(String text) {
        return new Manifests(StreamSupport.stream(new Yaml().loadAll(text).spliterator(), false)
                .filter(Map.class::isInstance).map(object -> (Map<String, Object>) object).toList(), text);
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    Map<String, Object> one(String kind, String name) {
        List<Map<String, Object>> found = all(kind).stream().filter(o -> name.equals(name(o))).toList();
        assertThat(found).as("exactly one %s named %s", kind, name).hasSize(1);
        return found.getFirst();
    }

    boolean has(String kind, String name) {
        return all(kind).stream().anyMatch(o -> name.equals(name(o)));
    }

    List<Map<String, Object>> workloads() {
        return objects.stream().filter(object -> WORKLOAD_KINDS.contains(object.get("kind"))).toList();
    }

    /** The Deployment's container named like the application. */
    Map<String, Object> appContainer(String app) {
        return containers(podSpec(one("Deployment", app))).stream()
                .filter(container -> app.equals(container.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + app + " has no container named " + app));
    }

    /** The workloads whose pods a NetworkPolicy selects. */
    List<Map<String, Object>> selectedBy(Map<String, Object> policy) {
        return workloads().stream().filter(workload -> selects(map(policy, "spec", "podSelector"), podLabels(workload)))
                .toList();
    }

    static String name(Map<String, Object> object) {
        return str(object, "metadata", "name");
    }

    static String kind(Map<String, Object> object) {
        return str(object, "kind");
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(workload, "spec", "template", "metadata", "labels");
    }

    static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        return list(podSpec, "containers");
    }

    /** A Kubernetes label selector (matchLabels and matchExpressions) applied to a set of labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        boolean matchLabels = map(selector, "matchLabels").entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
        boolean matchExpressions = list(selector, "matchExpressions").stream().allMatch(expression -> {
            Object value = labels.get(str(expression, "key"));
            List<String> values = strings(expression, "values");
            return switch (str(expression, "operator")) {
                case "In" -> value != null && values.contains(String.valueOf(value));
                case "NotIn" -> value == null || !values.contains(String.valueOf(value));
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
        });
        return matchLabels && matchExpressions;
    }
}
