package io.exceed.k8s;

import static io.exceed.k8s.Nodes.at;
import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.map;
import static io.exceed.k8s.Nodes.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A container's environment: its own env entries over the ConfigMaps it imports. Values from Secrets, and
 * from optional ConfigMaps the operator creates, are references only: their values are not in the repository.
 */
record Env(Map<String, String> literals, Map<String, String> secretRefs, Map<String, String> operatorConfigRefs,
        Set<String> names) {

    static Env of(Map<String, Object> container, Manifests manifests) {
        Map<String, String> literals = new LinkedHashMap<>();
        Map<String, String> secretRefs = new LinkedHashMap<>();
        Map<String, String> operatorConfigRefs = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> source : list(container, "envFrom")) {
            assertThat(source).as("envFrom imports ConfigMaps only (Secrets by key, in env)")
                    .containsKey("configMapRef");
            String prefix = source.get("prefix") instanceof String p ? p : "";
            Map<String, Object> configMap = manifests.one("ConfigMap", str(source, "configMapRef", "name"));
            map(configMap, "data").forEach((key, value) -> {
                literals.put(prefix + key, String.valueOf(value));
                names.add(prefix + key);
            });
        }
        for (Map<String, Object> variable : list(container, "env")) {
            String name = str(variable, "name");
            names.add(name);
            literals.remove(name);
            if (variable.containsKey("value")) {
                literals.put(name, String.valueOf(variable.get("value")));
            } else if (at(variable, "valueFrom", "configMapKeyRef") != null) {
                String configMapName = str(variable, "valueFrom", "configMapKeyRef", "name");
                String key = str(variable, "valueFrom", "configMapKeyRef", "key");
                if (manifests.all("ConfigMap").stream().noneMatch(c -> configMapName.equals(Manifests.name(c)))) {
                    assertThat(Nodes.bool(variable, "valueFrom", "configMapKeyRef", "optional"))
                            .as("%s refers to ConfigMap %s, which is not in the manifests: the operator's, so "
                                    + "optional", name, configMapName).isTrue();
                    operatorConfigRefs.put(name, configMapName + "/" + key);
                } else {
                    Map<String, Object> configMap = manifests.one("ConfigMap", configMapName);
                    assertThat(map(configMap, "data")).as("ConfigMap key for %s", name).containsKey(key);
                    literals.put(name, String.valueOf(map(configMap, "data").get(key)));
                }
            } else if (at(variable, "valueFrom", "secretKeyRef") != null) {
                secretRefs.put(name, str(variable, "valueFrom", "secretKeyRef", "name") + "/"
                        + str(variable, "valueFrom", "secretKeyRef", "key"));
            }
        }
        return new Env(literals, secretRefs, operatorConfigRefs, names);
    }

    /** The literal value of a variable, or null if it is not set; fails for one whose value is a Secret's. */
    String literal(String name) {
        assertThat(secretRefs).as("%s comes from a Secret; its value cannot be checked", name)
                .doesNotContainKey(name);
        assertThat(operatorConfigRefs).as("%s comes from the operator's ConfigMap; its value cannot be checked",
                name).doesNotContainKey(name);
        return literals.get(name);
    }
}
