package io.exceed.k8s;

import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;

/**
 * The monitoring component's rules and dashboards, offline: promtool checks the rules and runs the unit tests in
 * k8s/components/monitoring/tests, every alert has a test in which it fires and one in which it stays quiet, and
 * every dashboard query is valid PromQL. That they read only what the applications export is PodmanPodTest's
 * part, against the running applications. Skipped without kubectl or promtool (Debian's package prometheus);
 * .ci/run installs both.
 */
class MonitoringTest {

    private static final Path REPO = KubernetesManifestsTest.findRepoRoot();
    private static final Path TESTS = REPO.resolve("k8s/components/monitoring/tests");
    private static final Path WORK = REPO.resolve("k8s/target/monitoring");
    private static Monitoring monitoring;

    @BeforeAll
    static void render() throws IOException {
        if (Kustomize.onPath() && promtool()) {
            monitoring = Monitoring.render(REPO);
            Files.createDirectories(WORK);
            Map<String, Object> rules = new LinkedHashMap<>();
            rules.put("groups", monitoring.groups());
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.writeString(WORK.resolve("rules.yaml"), new Yaml(options).dump(rules));
        }
    }

    @BeforeEach
    void requireTools() {
        assumeTrue(Kustomize.onPath(), "kubectl is not on the PATH: skipping the monitoring checks (CI installs it)");
        assumeTrue(promtool(), "promtool is not on the PATH: skipping the monitoring checks (CI installs Debian's "
                + "package prometheus, which has it; apt-get install prometheus to run them here)");
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Result check = promtool(List.of("check", "rules", "rules.yaml"));
        assertThat(check.exitCode()).as("promtool check rules:\n%s", check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + monitoring.rules().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        List<String> command = new ArrayList<>(List.of("test", "rules"));
        for (Path test : unitTestFiles()) {
            Files.copy(test, WORK.resolve(test.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            command.add(test.getFileName().toString());
        }
        Result tests = promtool(command);
        assertThat(tests.exitCode()).as("promtool test rules:\n%s", tests.output()).isZero();
    }

    @Test
    void everyAlertHasATestInWhichItFiresAndOneInWhichItDoesNot() throws IOException {
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path file : unitTestFiles()) {
            Map<String, Object> tests = new Yaml().load(Files.readString(file));
            assertThat(Nodes.strings(tests, "rule_files")).as("%s tests the extracted rules", file).containsExactly("rules.yaml");
            for (Map<String, Object> test : list(tests, "tests")) {
                for (Map<String, Object> alertTest : list(test, "alert_rule_test")) {
                    (list(alertTest, "exp_alerts").isEmpty() ? quiet : fires).add(str(alertTest, "alertname"));
                }
            }
        }
        assertThat(fires).as("alerts with a unit test in which they fire").containsAll(monitoring.alertNames());
        assertThat(quiet).as("alerts with a unit test in which they stay quiet").containsAll(monitoring.alertNames());
        assertThat(new TreeSet<>(fires)).as("tests name only alerts that exist").isSubsetOf(monitoring.alertNames());
    }

    @Test
    void everyAlertSaysHowBadAndWhat() {
        for (Map<String, Object> rule : monitoring.rules()) {
            if (str(rule, "alert") != null) {
                assertThat(str(rule, "labels", "severity")).as("severity of %s", str(rule, "alert"))
                        .isIn("page", "ticket", "warning");
                assertThat(str(rule, "annotations", "summary")).as("summary of %s", str(rule, "alert")).isNotBlank();
                assertThat(str(rule, "annotations", "description")).as("description of %s", str(rule, "alert"))
                        .isNotBlank();
            }
        }
    }

    @Test
    void oneDashboardPerApplicationOnTheChosenPrometheus() {
        assertThat(monitoring.dashboards().keySet()).as("a dashboard for each application")
                .containsExactlyInAnyOrderElementsOf(KubernetesManifestsTest.APPS.stream().map(app -> app + ".json").toList());
        Set<String> uids = new HashSet<>();
        monitoring.dashboards().forEach((file, dashboard) -> {
            assertThat(uids.add(dashboard.path("uid").asString())).as("%s has a uid of its own", file).isTrue();
            List<JsonNode> panels = Monitoring.panels(dashboard).stream()
                    .filter(panel -> !panel.path("type").asString().equals("row")).toList();
            assertThat(panels).as("%s panels", file).isNotEmpty();
            for (JsonNode panel : panels) {
                String where = file + " panel \"" + panel.path("title").asString() + "\"";
                assertThat(panel.path("datasource").path("uid").asString()).as("%s datasource", where)
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets").isEmpty()).as("%s has queries", where).isFalse();
                assertThat(panel.path("description").asString()).as("%s says what it shows", where).isNotBlank();
            }
        });
    }

    /** promtool has no PromQL parser of its own on the command line, but it parses each rule's expression. */
    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Monitoring.Expression expression : monitoring.expressions()) {
            // Grafana's variables, as Grafana would fill them in.
            String promql = expression.promql().replace("$__rate_interval", "5m").replaceAll("\\$\\{?[A-Za-z_]+}?", "x");
            rules.add(Map.of("record", "check:expression:" + rules.size(), "expr", promql));
        }
        Files.writeString(WORK.resolve("dashboard-queries.yaml"),
                new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard-queries", "rules", rules)))));
        Result check = promtool(List.of("check", "rules", "dashboard-queries.yaml"));
        assertThat(check.exitCode()).as("promtool check rules on every query:\n%s", check.output()).isZero();
    }

    @Test
    void dashboardsReadOnlyRecordingRulesThatExist() {
        for (Monitoring.Expression expression : monitoring.expressions()) {
            for (PromQl.Selector selector : PromQl.read(expression.promql()).selectors()) {
                if (selector.metric() != null && selector.metric().contains(":")) {
                    assertThat(monitoring.recordedNames()).as("%s reads %s", expression.where(), selector.metric())
                            .contains(selector.metric());
                }
            }
        }
    }

    private static List<Path> unitTestFiles() throws IOException {
        try (Stream<Path> files = Files.list(TESTS)) {
            List<Path> tests = files.filter(file -> file.toString().endsWith(".test.yaml")).sorted().toList();
            assertThat(tests).as("promtool unit tests in %s", TESTS).isNotEmpty();
            return tests;
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static boolean promtool() {
        try {
            Process process = new ProcessBuilder("promtool", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result promtool(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool %s finished", arguments).isTrue();
        return new Result(process.exitValue(), output);
    }
}
