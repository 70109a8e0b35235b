package io.exceed.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.exceed.defaults.lifecycle.GracefulDrain;

/**
 * Renders every kustomize overlay under {@code k8s/overlays} with {@code kubectl kustomize} and checks it
 * against each application as it is configured: the ports and environment variables it reads, its gRPC
 * health probes, its drain time, the hardening of every container, and what production adds.
 * Skipped where kubectl is missing (a laptop); .ci/run says so loudly when that happens.
 */
class KubernetesManifestsTest {

    /** Every application with manifests under k8s/base, and the pods that may call its gRPC port. */
    private static final Map<String, List<String>> APPS = Map.of(
            "customer-service", List.of("gateway", "feedback-service", "followup-service"),
            "feedback-service", List.of("gateway", "customer-service", "followup-service"),
            "followup-service", List.of("gateway", "customer-service", "feedback-service"));
    private static final String GRPC_PORT_PROPERTY = "spring.grpc.server.port";
    private static final String HTTP_PORT_PROPERTY = "server.port";
    private static final String DRAIN_DELAY_PROPERTY = "exceed.shutdown.drain-delay";
    private static final String GRACE_PERIOD_PROPERTY = "spring.grpc.server.shutdown-grace-period";
    /** Read by the JVM itself, not by Spring. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");
    /** Spring Boot's default layers, in the order of the jar's BOOT-INF/layers.idx (least changed first). */
    private static final List<String> BOOT_LAYERS = List.of("dependencies", "spring-boot-loader",
            "snapshot-dependencies", "application");
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}$");

    /** Also named in each @ValueSource below. */
    private static final List<String> OVERLAYS = List.of("dev", "production");

    private static Path repoRoot;
    private static final Map<String, ApplicationConfig> configs = new LinkedHashMap<>();
    private static final Map<String, Manifests> overlays = new LinkedHashMap<>();

    private static boolean kubectl;

    @BeforeAll
    static void renderOverlays() throws IOException {
        repoRoot = findRepoRoot();
        kubectl = kubectlOnPath();
        if (!kubectl) {
            return;
        }
        for (String app : APPS.keySet()) {
            configs.put(app, ApplicationConfig.read(repoRoot.resolve(app).resolve("src/main/resources/application.yaml")));
        }
        for (String overlay : OVERLAYS) {
            overlays.put(overlay, new Manifests(kubectlKustomize(repoRoot.resolve("k8s/overlays").resolve(overlay))));
        }
    }

    static Stream<Arguments> overlaysAndApps() {
        return OVERLAYS.stream().flatMap(overlay -> APPS.keySet().stream().map(app -> Arguments.of(overlay, app)));
    }

    static Stream<String> apps() {
        return APPS.keySet().stream();
    }

    /** Per test rather than per class, so that each one shows up as skipped, with the reason. */
    @BeforeEach
    void requireKubectl() {
        assumeTrue(kubectl, "kubectl is not on the PATH: skipping the Kubernetes manifest checks "
                + "(CI requires kubectl; install it, with its built-in kustomize, to run them here)");
    }

    @Test
    void everyOverlayIsChecked() throws IOException {
        try (Stream<Path> dirs = Files.list(repoRoot.resolve("k8s/overlays"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .as("overlays under k8s/overlays (add new ones to OVERLAYS and the @ValueSources)")
                    .containsExactlyInAnyOrderElementsOf(overlays.keySet());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void artifactFolderNameAndLabelAgree(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> deployment = manifests.one("Deployment", app);
        assertThat(Files.isDirectory(repoRoot.resolve(app))).as("module folder %s", app).isTrue();
        assertThat(Files.isDirectory(repoRoot.resolve("k8s/base").resolve(app))).as("k8s/base/%s", app).isTrue();
        assertThat(str(deployment, "metadata", "labels", "app")).isEqualTo(app);
        assertThat(map(deployment, "spec", "selector", "matchLabels")).containsEntry("app", app);
        assertThat(podLabels(deployment)).containsEntry("app", app);
        assertThat(containers(podSpec(deployment))).extracting(c -> str(c, "name")).contains(app);
        assertThat(str(podSpec(deployment), "serviceAccountName")).isEqualTo(app);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void portsAgreeWithTheApplication(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> container = appContainer(manifests, app);
        Env env = Env.of(container, manifests);
        int grpcPort = Integer.parseInt(configs.get(app).effective(GRPC_PORT_PROPERTY, env));
        int managementPort = Integer.parseInt(configs.get(app).effective(HTTP_PORT_PROPERTY, env));

        assertThat(containerPort(container, "grpc")).as("container port grpc").isEqualTo(grpcPort);
        assertThat(containerPort(container, "http-management")).as("container port http-management")
                .isEqualTo(managementPort);

        Map<String, Object> service = manifests.one("Service", app);
        Map<String, Object> grpc = servicePort(service, "grpc");
        assertThat(grpc).as("Service %s has a port named grpc", app).isNotNull();
        assertThat(resolveTargetPort(grpc, container)).as("grpc target port").isEqualTo(grpcPort);
        Map<String, Object> management = servicePort(service, "http-management");
        if (management != null) {
            assertThat(resolveTargetPort(management, container)).as("http-management target port")
                    .isEqualTo(managementPort);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void startupAndReadinessCheckGrpcHealthOnTheGrpcPort(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> container = appContainer(manifests, app);
        int grpcPort = Integer.parseInt(configs.get(app).effective(GRPC_PORT_PROPERTY, Env.of(container, manifests)));
        for (String probe : List.of("startupProbe", "readinessProbe")) {
            assertThat(at(container, probe)).as("%s of %s", probe, app).isNotNull();
            assertThat(at(container, probe, "grpc")).as("%s is a native gRPC probe", probe).isNotNull();
            assertThat(num(container, probe, "grpc", "port")).as("%s port", probe).isEqualTo(grpcPort);
            // grpc.health.v1 "" is the server's overall status; a named service would be NOT_FOUND.
            assertThat(str(container, probe, "grpc", "service")).as("%s service", probe).isNullOrEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void livenessChecksTheProcessNotItsStore(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> container = appContainer(manifests, app);
        int grpcPort = Integer.parseInt(configs.get(app).effective(GRPC_PORT_PROPERTY, Env.of(container, manifests)));
        assertThat(num(container, "livenessProbe", "grpc", "port")).isEqualTo(grpcPort);
        assertThat(str(container, "livenessProbe", "grpc", "service")).isEqualTo(GracefulDrain.LIVENESS_SERVICE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void everyEnvironmentVariableIsOneTheApplicationReads(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> container = appContainer(manifests, app);
        Set<String> readable = configs.get(app).readableEnvironmentVariables();
        assertThat(Env.of(container, manifests).names())
                .as("env vars set for %s must be ones it reads: %s, JAVA_TOOL_OPTIONS or a property's "
                        + "relaxed name", app, configs.get(app).placeholderEnvNames())
                .allSatisfy(name -> assertThat(readable.contains(name) || configs.get(app).isMapPropertyEnv(name))
                        .as("%s is read by %s", name, app).isTrue());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void drainFitsTheTerminationGracePeriod(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> deployment = manifests.one("Deployment", app);
        Env env = Env.of(appContainer(manifests, app), manifests);
        Duration drain = DurationStyle.detectAndParse(configs.get(app).effective(DRAIN_DELAY_PROPERTY, env));
        Duration grace = DurationStyle.detectAndParse(configs.get(app).effective(GRACE_PERIOD_PROPERTY, env));
        assertThat(drain).as("EXCEED_DRAIN_DELAY on Kubernetes (endpoints need time to drop the pod)")
                .isPositive();
        Integer terminationGrace = num(podSpec(deployment), "terminationGracePeriodSeconds");
        assertThat(terminationGrace).as("terminationGracePeriodSeconds").isNotNull();
        assertThat(Duration.ofSeconds(terminationGrace))
                .as("terminationGracePeriodSeconds > drain %s + grace %s (a margin for the rest)", drain, grace)
                .isGreaterThan(drain.plus(grace));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void everyContainerIsHardenedAndSized(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        List<Map<String, Object>> workloads = manifests.workloads();
        assertThat(workloads).isNotEmpty();
        for (Map<String, Object> workload : workloads) {
            String name = kind(workload) + "/" + name(workload);
            Map<String, Object> pod = podSpec(workload);
            assertThat(pod.get("automountServiceAccountToken")).as("%s automountServiceAccountToken", name)
                    .isEqualTo(false);
            List<Map<String, Object>> all = new ArrayList<>(containers(pod));
            all.addAll(list(pod, "initContainers"));
            for (Map<String, Object> container : all) {
                String where = name + " container " + str(container, "name");
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(str(container, "resources", "requests", resource)).as("%s requests.%s", where, resource)
                            .isNotBlank();
                    assertThat(str(container, "resources", "limits", resource)).as("%s limits.%s", where, resource)
                            .isNotBlank();
                }
                assertThat(firstSet(container, pod, "runAsNonRoot")).as("%s runAsNonRoot", where).isEqualTo(true);
                assertThat(bool(container, "securityContext", "allowPrivilegeEscalation"))
                        .as("%s allowPrivilegeEscalation", where).isFalse();
                assertThat(bool(container, "securityContext", "readOnlyRootFilesystem"))
                        .as("%s readOnlyRootFilesystem", where).isTrue();
                assertThat(strings(container, "securityContext", "capabilities", "drop")).as("%s drops", where)
                        .contains("ALL");
                assertThat(strings(container, "securityContext", "capabilities", "add")).as("%s adds", where).isEmpty();
                assertThat(firstSet(container, pod, "seccompProfile") instanceof Map<?, ?> profile
                        ? profile.get("type") : null).as("%s seccompProfile", where).isEqualTo("RuntimeDefault");
            }
        }
        Map<String, Object> deployment = manifests.one("Deployment", app);
        Map<String, Object> container = appContainer(manifests, app);
        assertThat(firstSet(container, podSpec(deployment), "runAsUser")).as("%s runAsUser", app).isEqualTo(10001);
        assertThat(list(container, "volumeMounts")).as("%s has a writable /tmp", app)
                .anySatisfy(mount -> assertThat(mount.get("mountPath")).isEqualTo("/tmp"));
        assertThat(str(container, "image")).as("%s image", app).doesNotEndWith(":latest");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void theImageMatchesTheManifests(String overlay, String app) throws IOException {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> container = appContainer(manifests, app);
        Env env = Env.of(container, manifests);
        String dockerfile = Files.readString(repoRoot.resolve("k8s/Dockerfile"));
        assertThat(single(dockerfile, "^USER (\\d+)")).as("the image's user is the pod's runAsUser")
                .isEqualTo(String.valueOf(firstSet(container, podSpec(manifests.one("Deployment", app)), "runAsUser")));
        assertThat(single(dockerfile, "^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"")).as("JVM flags in image and manifests")
                .isEqualTo(env.literal("JAVA_TOOL_OPTIONS"));
        List<String> copied = Pattern.compile("^COPY --from=layers /build/extracted/([a-z-]+)/ \\./$",
                Pattern.MULTILINE).matcher(dockerfile).results().map(match -> match.group(1)).toList();
        assertThat(copied).as("the layers the image copies").containsExactlyElementsOf(BOOT_LAYERS);
    }

    private static String single(String text, String regex) {
        List<String> found = Pattern.compile(regex, Pattern.MULTILINE).matcher(text).results()
                .map(match -> match.group(1)).toList();
        assertThat(found).as("exactly one line matching %s", regex).hasSize(1);
        return found.getFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyWorkloadHasItsServiceAccountServiceAndNetworkPolicy(String overlay) {
        Manifests manifests = overlays.get(overlay);
        List<Map<String, Object>> policies = manifests.all("NetworkPolicy");
        assertThat(policies).as("a default-deny ingress policy").anySatisfy(policy -> {
            assertThat(at(policy, "spec", "podSelector")).isEqualTo(Map.of());
            assertThat(strings(policy, "spec", "policyTypes")).contains("Ingress");
            assertThat(list(policy, "spec", "ingress")).isEmpty();
        });
        for (Map<String, Object> workload : manifests.workloads()) {
            String name = kind(workload) + "/" + name(workload);
            Map<String, Object> labels = podLabels(workload);
            String account = str(podSpec(workload), "serviceAccountName");
            assertThat(account).as("%s serviceAccountName", name).isNotBlank().isNotEqualTo("default");
            assertThat(manifests.all("ServiceAccount")).extracting(KubernetesManifestsTest::name)
                    .as("ServiceAccount of %s", name).contains(account);
            // A Job serves nothing: the default deny is its whole policy.
            if (!kind(workload).equals("Job")) {
                assertThat(policies).as("a NetworkPolicy selecting %s", name).anySatisfy(policy -> {
                    Map<String, Object> selector = map(policy, "spec", "podSelector", "matchLabels");
                    assertThat(selector).isNotEmpty();
                    assertThat(labels).containsAllEntriesOf(selector);
                });
                assertThat(manifests.all("Service")).as("a Service selecting %s", name).anySatisfy(service -> {
                    Map<String, Object> selector = map(service, "spec", "selector");
                    assertThat(selector).isNotEmpty();
                    assertThat(labels).containsAllEntriesOf(selector);
                });
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void onlyItsCallersReachTheGrpcPort(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        Map<String, Object> policy = manifests.one("NetworkPolicy", app);
        Map<String, Object> container = appContainer(manifests, app);
        int grpcPort = containerPort(container, "grpc");
        List<Map<String, Object>> rules = list(policy, "spec", "ingress");
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(list(rule, "from")).as("every rule names its sources").isNotEmpty();
            assertThat(list(rule, "ports")).as("every rule names its ports").isNotEmpty();
        });
        List<String> grpcCallers = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            boolean grpc = list(rule, "ports").stream()
                    .anyMatch(port -> resolvePort(port.get("port"), container) == grpcPort);
            if (grpc) {
                for (Map<String, Object> from : list(rule, "from")) {
                    assertThat(from).as("gRPC callers are pods of this namespace, by app label")
                            .containsOnlyKeys("podSelector");
                    grpcCallers.add(str(from, "podSelector", "matchLabels", "app"));
                }
            }
        }
        assertThat(grpcCallers).containsExactlyInAnyOrderElementsOf(APPS.get(app));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaysAndApps")
    void noSecretValueIsInTheRepository(String overlay, String app) {
        Manifests manifests = overlays.get(overlay);
        assertThat(manifests.all("Secret")).as("Secrets are created by the operator, never rendered")
                .allSatisfy(secret -> assertThat(secret).doesNotContainKeys("data", "stringData"));
        Env env = Env.of(appContainer(manifests, app), manifests);
        assertThat(env.secretRefs()).as("MONGODB_URI (it carries the credentials)")
                .containsEntry("MONGODB_URI", "exceed-mongodb/" + app + "-uri");
        if (app.equals("followup-service")) {
            assertThat(env.secretRefs()).as("the key that encrypts webhook secrets at rest")
                    .containsEntry("EXCEED_WEBHOOK_SECRET_KEY", "exceed-followup-webhooks/secret-key");
        }
        assertThat(manifests.text()).as("no connection string with credentials")
                .doesNotContainPattern("mongodb(\\+srv)?://[^\\s/@\"]+@");
    }

    @ParameterizedTest
    @MethodSource("apps")
    void productionScalesAndSurvivesDisruptions(String app) {
        Manifests manifests = overlays.get("production");
        Map<String, Object> deployment = manifests.one("Deployment", app);
        Integer replicas = num(deployment, "spec", "replicas");
        assertThat(replicas == null || replicas >= 2).as("Deployment replicas %s: unset (HPA) or >= 2", replicas)
                .isTrue();

        Map<String, Object> hpa = manifests.one("HorizontalPodAutoscaler", app);
        assertThat(str(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(str(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(app);
        assertThat(num(hpa, "spec", "minReplicas")).as("HPA minReplicas").isGreaterThanOrEqualTo(2);
        assertThat(num(hpa, "spec", "maxReplicas")).isGreaterThan(num(hpa, "spec", "minReplicas"));

        Map<String, Object> pdb = manifests.one("PodDisruptionBudget", app);
        assertThat(podLabels(deployment)).containsAllEntriesOf(map(pdb, "spec", "selector", "matchLabels"));
        assertThat(map(pdb, "spec")).containsAnyOf(Map.entry("maxUnavailable", 1), Map.entry("minAvailable", 1));

        assertThat(list(podSpec(deployment), "topologySpreadConstraints")).as("spread across zones")
                .anySatisfy(c -> assertThat(c.get("topologyKey")).isEqualTo("topology.kubernetes.io/zone"));
        assertThat(str(appContainer(manifests, app), "image")).as("image pinned by digest")
                .matches(".+@sha256:[0-9a-f]{64}");
        assertThat(configs.get(app).effective(DRAIN_DELAY_PROPERTY, Env.of(appContainer(manifests, app), manifests))).isEqualTo("5s");
    }

    @ParameterizedTest
    @MethodSource("apps")
    void devRunsOneReplicaAndAMongoReplicaSet(String app) {
        Manifests manifests = overlays.get("dev");
        assertThat(num(manifests.one("Deployment", app), "spec", "replicas")).isEqualTo(1);
        Map<String, Object> mongodb = manifests.one("StatefulSet", "mongodb");
        assertThat(str(mongodb, "spec", "serviceName")).isEqualTo("mongodb");
        assertThat(str(manifests.one("Service", "mongodb"), "spec", "clusterIP")).as("headless").isEqualTo("None");
        String replSet = strings(containers(podSpec(mongodb)).getFirst(), "command").stream()
                .filter(arg -> arg.startsWith("--replSet=")).map(arg -> arg.substring("--replSet=".length()))
                .findFirst().orElseThrow(() -> new AssertionError("mongod runs without --replSet"));
        Map<String, Object> init = manifests.one("Job", "mongodb-init");
        assertThat(String.join("\n", strings(containers(podSpec(init)).getFirst(), "command")))
                .as("the init Job initiates the set mongod runs, naming the member by its stable DNS name")
                .contains("rs.initiate({_id: \"" + replSet + "\"")
                .contains("host: \"" + name(mongodb) + "-0." + str(mongodb, "spec", "serviceName") + ":27017\"");
    }

    // --- the application's configuration

    /** The properties customer-service reads: service-defaults' shared ones, then its application.yaml. */
    private record ApplicationConfig(Map<String, String> properties, Set<String> metadataProperties,
            Set<String> mapPropertyPrefixes) {

        static ApplicationConfig read(Path applicationYaml) throws IOException {
            Map<String, String> properties = new LinkedHashMap<>();
            Properties defaults = new Properties();
            try (InputStream in = resource("exceed-service-defaults.properties")) {
                defaults.load(in);
            }
            defaults.stringPropertyNames().forEach(key -> properties.put(key, defaults.getProperty(key)));
            try (InputStream in = Files.newInputStream(applicationYaml)) {
                flatten("", new Yaml().load(in), properties);
            }
            Set<String> metadata = new HashSet<>();
            Set<String> mapPrefixes = new HashSet<>();
            for (URL url : Collections.list(KubernetesManifestsTest.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : JsonMapper.shared().readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        metadata.add(name);
                        if (property.path("type").asString().startsWith("java.util.Map")) {
                            mapPrefixes.add(relaxedEnvName(name) + "_");
                        }
                    }
                }
            }
            return new ApplicationConfig(properties, metadata, mapPrefixes);
        }

        private static InputStream resource(String name) throws IOException {
            InputStream in = KubernetesManifestsTest.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException(name + " is not on the test classpath");
            }
            return in;
        }

        private static void flatten(String prefix, Object node, Map<String, String> into) {
            if (node instanceof Map<?, ?> map) {
                map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key,
                        value, into));
            } else if (node != null) {
                into.put(prefix, String.valueOf(node));
            }
        }

        /** The environment variables named in ${NAME:default} placeholders. */
        Set<String> placeholderEnvNames() {
            Set<String> names = new TreeSet<>();
            properties.values().forEach(value -> {
                Matcher placeholder = PLACEHOLDER.matcher(value);
                if (placeholder.matches()) {
                    names.add(placeholder.group(1));
                }
            });
            return names;
        }

        Set<String> readableEnvironmentVariables() {
            Set<String> names = new HashSet<>(placeholderEnvNames());
            names.addAll(JVM_ENV);
            Stream.concat(properties.keySet().stream(), metadataProperties.stream())
                    .map(KubernetesManifestsTest::relaxedEnvName).forEach(names::add);
            return names;
        }

        boolean isMapPropertyEnv(String name) {
            return mapPropertyPrefixes.stream().anyMatch(name::startsWith);
        }

        /** The value the application sees for a property, given the container's environment. */
        String effective(String key, Env env) {
            String direct = env.literal(relaxedEnvName(key));
            if (direct != null) {
                return direct;
            }
            String value = properties.get(key);
            assertThat(value).as("property %s in the application's configuration", key).isNotNull();
            Matcher placeholder = PLACEHOLDER.matcher(value);
            if (!placeholder.matches()) {
                return value;
            }
            String fromEnv = env.literal(placeholder.group(1));
            return fromEnv != null ? fromEnv : placeholder.group(2);
        }
    }

    /** Spring's relaxed binding from an environment variable: a.b-c[0].d is read from A_BC_0_D. */
    static String relaxedEnvName(String property) {
        return property.replace("-", "").replace("[", "_").replace("]", "").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** A container's environment: its own env entries over the ConfigMaps it imports. */
    private record Env(Map<String, String> literals, Map<String, String> secretRefs, Set<String> names) {

        static Env of(Map<String, Object> container, Manifests manifests) {
            Map<String, String> literals = new LinkedHashMap<>();
            Map<String, String> secretRefs = new LinkedHashMap<>();
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
                    Map<String, Object> configMap = manifests.one("ConfigMap",
                            str(variable, "valueFrom", "configMapKeyRef", "name"));
                    String key = str(variable, "valueFrom", "configMapKeyRef", "key");
                    assertThat(map(configMap, "data")).as("ConfigMap key for %s", name).containsKey(key);
                    literals.put(name, String.valueOf(map(configMap, "data").get(key)));
                } else if (at(variable, "valueFrom", "secretKeyRef") != null) {
                    secretRefs.put(name, str(variable, "valueFrom", "secretKeyRef", "name") + "/"
                            + str(variable, "valueFrom", "secretKeyRef", "key"));
                }
            }
            return new Env(literals, secretRefs, names);
        }

        String literal(String name) {
            assertThat(secretRefs).as("%s comes from a Secret; its value cannot be checked", name)
                    .doesNotContainKey(name);
            return literals.get(name);
        }
    }

    // --- rendered manifests

    private record Manifests(List<Map<String, Object>> objects, String text) {

        @SuppressWarnings("unchecked")
        Manifests(String text) {
            this(StreamSupport.stream(new Yaml().loadAll(text).spliterator(), false).filter(Map.class::isInstance)
                    .map(object -> (Map<String, Object>) object).toList(), text);
        }

        List<Map<String, Object>> all(String kind) {
            return objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
        }

        Map<String, Object> one(String kind, String name) {
            List<Map<String, Object>> found = all(kind).stream().filter(o -> name.equals(name(o))).toList();
            assertThat(found).as("exactly one %s named %s", kind, name).hasSize(1);
            return found.getFirst();
        }

        List<Map<String, Object>> workloads() {
            return objects.stream().filter(object -> WORKLOAD_KINDS.contains(object.get("kind"))).toList();
        }
    }

    private static Map<String, Object> appContainer(Manifests manifests, String app) {
        return containers(podSpec(manifests.one("Deployment", app))).stream()
                .filter(container -> app.equals(container.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + app + " has no container named " + app));
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    private static Map<String, Object> podLabels(Map<String, Object> workload) {
        return map(workload, "spec", "template", "metadata", "labels");
    }

    private static List<Map<String, Object>> containers(Map<String, Object> podSpec) {
        return list(podSpec, "containers");
    }

    private static int containerPort(Map<String, Object> container, String name) {
        return list(container, "ports").stream().filter(port -> name.equals(port.get("name")))
                .map(port -> (Integer) port.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static Map<String, Object> servicePort(Map<String, Object> service, String name) {
        return list(service, "spec", "ports").stream().filter(port -> name.equals(port.get("name"))).findFirst()
                .orElse(null);
    }

    private static int resolveTargetPort(Map<String, Object> servicePort, Map<String, Object> container) {
        return resolvePort(servicePort.getOrDefault("targetPort", servicePort.get("port")), container);
    }

    /** A port number, or the number of the container port of that name. */
    private static int resolvePort(Object port, Map<String, Object> container) {
        return port instanceof Integer number ? number : containerPort(container, String.valueOf(port));
    }

    /** A container's security setting, else the pod's (the container's wins in Kubernetes too). */
    private static Object firstSet(Map<String, Object> container, Map<String, Object> pod, String field) {
        Object own = at(container, "securityContext", field);
        return own != null ? own : at(pod, "securityContext", field);
    }

    private static String kind(Map<String, Object> object) {
        return str(object, "kind");
    }

    private static String name(Map<String, Object> object) {
        return str(object, "metadata", "name");
    }

    private static Object at(Object node, String... path) {
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
    private static Map<String, Object> map(Object node, String... path) {
        return at(node, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The list of objects at that path; empty where the path is absent. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object node, String... path) {
        return at(node, path) instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList()
                : List.of();
    }

    /** The list of scalars at that path, as strings; empty where the path is absent. */
    private static List<String> strings(Object node, String... path) {
        return at(node, path) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static String str(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : String.valueOf(value);
    }

    private static Integer num(Object node, String... path) {
        return at(node, path) instanceof Integer number ? number : null;
    }

    private static Boolean bool(Object node, String... path) {
        return at(node, path) instanceof Boolean flag ? flag : null;
    }

    // --- kubectl

    /** The repository root: the nearest directory up from here with k8s/overlays (Maven runs in the module). */
    private static Path findRepoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/overlays")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no k8s/overlays above " + Path.of("").toAbsolutePath());
    }

    private static boolean kubectlOnPath() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String kubectlKustomize(Path overlay) throws IOException {
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                    .redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail("kubectl kustomize " + overlay + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                return fail("kubectl kustomize " + overlay + " failed:\n" + Files.readString(errors));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted rendering " + overlay, e));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
