package io.exceed.k8s;

import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.map;
import static io.exceed.k8s.Nodes.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring component as it renders: the PrometheusRule's rule groups and the Grafana dashboards in the
 * dashboards ConfigMap, and every PromQL expression they hold, each with where it comes from.
 */
record Monitoring(List<Map<String, Object>> groups, Map<String, JsonNode> dashboards) {

    static final String COMPONENT = "monitoring";
    static final String DASHBOARDS = "exceed-grafana-dashboards";
    /** Grafana's label_values(selector, label) template query. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)\\s*$");

    /** An expression and where it is (a rule, a dashboard panel, a template variable). */
    record Expression(String where, String promql, String groupingLabel) {

        /** A template query's label_values(selector, label): the selector, read as PromQL, and the label. */
        static Expression of(String where, String query) {
            java.util.regex.Matcher labelValues = LABEL_VALUES.matcher(query);
            return labelValues.matches() ? new Expression(where, labelValues.group(1), labelValues.group(2))
                    : new Expression(where, query, null);
        }
    }

    /** Renders the dev overlay with the component and reads it. */
    static Monitoring render(Path repoRoot) throws IOException {
        Path dir = repoRoot.resolve("k8s/target/kustomize/monitoring-check");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../overlays/dev
                components:
                  - ../../../components/%s
                """.formatted(COMPONENT));
        return of(Manifests.parse(Kustomize.render(dir)));
    }

    static Monitoring of(Manifests manifests) {
        List<Map<String, Object>> rules = manifests.all("PrometheusRule");
        assertThat(rules).as("the monitoring component's PrometheusRule").hasSize(1);
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        map(manifests.one("ConfigMap", DASHBOARDS), "data").forEach((file, json) ->
                dashboards.put(file, JsonMapper.shared().readTree(String.valueOf(json))));
        return new Monitoring(list(rules.getFirst(), "spec", "groups"), dashboards);
    }

    /** Every rule, as a map (record or alert, expr, for, labels, annotations). */
    List<Map<String, Object>> rules() {
        return groups.stream().flatMap(group -> list(group, "rules").stream()).toList();
    }

    List<String> alertNames() {
        return rules().stream().map(rule -> str(rule, "alert")).filter(java.util.Objects::nonNull).toList();
    }

    List<String> recordedNames() {
        return rules().stream().map(rule -> str(rule, "record")).filter(java.util.Objects::nonNull).toList();
    }

    /** The rules' expressions, then every panel target's and template query's of every dashboard. */
    List<Expression> expressions() {
        List<Expression> all = new ArrayList<>();
        for (Map<String, Object> rule : rules()) {
            String name = str(rule, "alert") != null ? "alert " + str(rule, "alert") : "rule " + str(rule, "record");
            all.add(new Expression(name, str(rule, "expr"), null));
        }
        dashboards.forEach((file, dashboard) -> {
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    all.add(new Expression(file + " panel \"" + panel.path("title").asString() + "\" "
                            + target.path("refId").asString(), target.path("expr").asString(), null));
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asString().equals("query")) {
                    JsonNode query = variable.path("query");
                    all.add(Expression.of(file + " variable " + variable.path("name").asString(),
                            query.isString() ? query.asString() : query.path("query").asString()));
                }
            }
        });
        return all;
    }

    /** The dashboard's panels, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }
}
