package io.exceed.k8s;

import static io.exceed.k8s.Manifests.containers;
import static io.exceed.k8s.Manifests.kind;
import static io.exceed.k8s.Manifests.name;
import static io.exceed.k8s.Manifests.podLabels;
import static io.exceed.k8s.Manifests.podSpec;
import static io.exceed.k8s.Manifests.selects;
import static io.exceed.k8s.Nodes.at;
import static io.exceed.k8s.Nodes.bool;
import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.map;
import static io.exceed.k8s.Nodes.num;
import static io.exceed.k8s.Nodes.str;
import static io.exceed.k8s.Nodes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

import io.exceed.defaults.lifecycle.GracefulDrain;

/**
 * Renders every kustomize overlay under {@code k8s/overlays}, alone and with each optional component under
 * {@code k8s/components}, with {@code kubectl kustomize}, and checks each rendering against the applications as
 * they are packaged: the ports and environment variables they read, their probes, their drain time, the
 * hardening of every container, who may reach whom, and what production adds.
 * Skipped where kubectl is missing (a laptop); .ci/run fails when it is missing.
 */
class KubernetesManifestsTest {

    /** The gRPC services, and the pods that may call each one's gRPC port (the cross-service calls). */
    static final Map<String, List<String>> SERVICE_CALLERS = Map.of(
            "customer-service", List.of("gateway", "feedback-service", "followup-service"),
            "feedback-service", List.of("gateway", "customer-service"),
            "followup-service", List.of("gateway", "customer-service", "feedback-service"));
    static final String GATEWAY = "gateway";
    static final List<String> APPS = List.of("customer-service", "feedback-service", "followup-service", GATEWAY);
    /** Every overlay, and every component an overlay may add. */
    static final List<String> OVERLAYS = List.of("dev", "production");
    static final List<String> COMPONENTS = List.of("network-policies", "redis-rate-limits", "embedded-store",
            "monitoring");
    /** Components that only some overlays may add: the embedded store keeps each pod's data in the pod. */
    static final Map<String, List<String>> ONLY_IN = Map.of("embedded-store", List.of("dev"));
    static final String EMBEDDED_STORE = "embedded-store";

    private static final String GRPC_PORT_PROPERTY = "spring.grpc.server.port";
    private static final String HTTP_PORT_PROPERTY = "server.port";
    private static final String MANAGEMENT_PORT_PROPERTY = "management.server.port";
    private static final String DRAIN_DELAY_PROPERTY = "exceed.shutdown.drain-delay";
    private static final String GRACE_PERIOD_PROPERTY = "spring.grpc.server.shutdown-grace-period";
    private static final String SHUTDOWN_PHASE_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";
    private static final String GATEWAY_DEADLINE_PROPERTY = "exceed.gateway.deadline";
    private static final int MONGODB_PORT = 27017;
    /** Private, link-local and shared ranges: the cluster's pods and nodes, and the cloud's metadata endpoint. */
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "169.254.0.0/16", "100.64.0.0/10");
    private static final Set<String> MONGODB_OWNERS = Set.copyOf(APPS);

    private static Path repoRoot;
    private static final Map<String, PackagedApplication> apps = new LinkedHashMap<>();
    /** By name: an overlay, or an overlay and the components added to it ("dev+redis-rate-limits"). */
    private static final Map<String, Variant> variants = new LinkedHashMap<>();
    private static boolean kubectl;

    /** One rendering, and the components in it. */
    record Variant(String name, String overlay, Set<String> components, Manifests manifests) {

        boolean production() {
            return overlay.equals("production");
        }

        /** Each application on its embedded store in the pod, no MongoDB anywhere. */
        boolean embeddedStore() {
            return components.contains(EMBEDDED_STORE);
        }
    }

    @BeforeAll
    static void renderEveryVariant() throws IOException {
        repoRoot = findRepoRoot();
        kubectl = Kustomize.onPath();
        if (!kubectl) {
            return;
        }
        for (String app : APPS) {
            apps.put(app, PackagedApplication.read(repoRoot, app));
        }
        Path generated = repoRoot.resolve("k8s/target/kustomize");
        for (String overlay : OVERLAYS) {
            Path overlayDir = repoRoot.resolve("k8s/overlays").resolve(overlay);
            Map<String, Object> kustomization = new Yaml().load(Files.readString(overlayDir.resolve("kustomization.yaml")));
            Set<String> own = new TreeSet<>();
            strings(kustomization, "components").forEach(path -> own.add(Path.of(path).getFileName().toString()));
            variants.put(overlay, new Variant(overlay, overlay, own, Manifests.parse(Kustomize.render(overlayDir))));
            List<String> optional = COMPONENTS.stream().filter(component -> !own.contains(component))
                    .filter(component -> ONLY_IN.getOrDefault(component, OVERLAYS).contains(overlay)).toList();
            // Every non-empty subset of the components the overlay does not include itself.
            for (int subset = 1; subset < 1 << optional.size(); subset++) {
                List<String> added = new ArrayList<>();
                for (int i = 0; i < optional.size(); i++) {
                    if ((subset & 1 << i) != 0) {
                        added.add(optional.get(i));
                    }
                }
                String name = overlay + "+" + String.join("+", added);
                Path dir = generated.resolve(name);
                Files.createDirectories(dir);
                StringBuilder text = new StringBuilder("""
                        apiVersion: kustomize.config.k8s.io/v1beta1
                        kind: Kustomization
                        namespace: %s
                        resources:
                          - ../../../overlays/%s
                        components:
                        """.formatted(str(kustomization, "namespace"), overlay));
                added.forEach(component -> text.append("  - ../../../components/").append(component).append('\n'));
                Files.writeString(dir.resolve("kustomization.yaml"), text);
                Set<String> components = new TreeSet<>(own);
                components.addAll(added);
                variants.put(name, new Variant(name, overlay, components, Manifests.parse(Kustomize.render(dir))));
            }
        }
    }

    static Stream<String> variantNames() {
        return variants.keySet().stream();
    }

    static Stream<Arguments> variantsAndApps() {
        return variants.keySet().stream().flatMap(variant -> APPS.stream().map(app -> Arguments.of(variant, app)));
    }

    static Stream<Arguments> productionVariantsAndApps() {
        return variantsAndApps().filter(arguments -> variants.get((String) arguments.get()[0]).production());
    }

    static Stream<Arguments> devVariantsAndApps() {
        return variantsAndApps().filter(arguments -> variants.get((String) arguments.get()[0]).overlay().equals("dev"));
    }

    static Stream<Arguments> variantsAndServices() {
        return variants.keySet().stream()
                .flatMap(variant -> SERVICE_CALLERS.keySet().stream().map(app -> Arguments.of(variant, app)));
    }

    /** Per test rather than per class, so that each one shows up as skipped, with the reason. */
    @BeforeEach
    void requireKubectl() {
        assumeTrue(kubectl, "kubectl is not on the PATH: skipping the Kubernetes manifest checks "
                + "(CI requires kubectl; install it, with its built-in kustomize, to run them here)");
    }

    @Test
    void everyOverlayAndComponentIsChecked() throws IOException {
        try (Stream<Path> dirs = Files.list(repoRoot.resolve("k8s/overlays"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .as("overlays under k8s/overlays (add new ones to OVERLAYS)").containsExactlyInAnyOrderElementsOf(OVERLAYS);
        }
        try (Stream<Path> dirs = Files.list(repoRoot.resolve("k8s/components"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .as("components under k8s/components (add new ones to COMPONENTS)")
                    .containsExactlyInAnyOrderElementsOf(COMPONENTS);
        }
        try (Stream<Path> dirs = Files.list(repoRoot.resolve("k8s/base"))) {
            assertThat(dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()))
                    .as("applications under k8s/base (add new ones to APPS)").containsExactlyInAnyOrderElementsOf(APPS);
        }
        assertThat(variants.keySet()).as("every overlay alone and with the components it lacks")
                .containsExactlyInAnyOrder("dev", "dev+redis-rate-limits", "dev+embedded-store", "dev+monitoring",
                        "dev+redis-rate-limits+embedded-store", "dev+redis-rate-limits+monitoring",
                        "dev+embedded-store+monitoring", "dev+redis-rate-limits+embedded-store+monitoring",
                        "production", "production+redis-rate-limits", "production+monitoring",
                        "production+redis-rate-limits+monitoring");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void artifactFolderNameAndLabelAgree(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> deployment = manifests.one("Deployment", app);
        assertThat(Files.isDirectory(repoRoot.resolve(app))).as("module folder %s", app).isTrue();
        assertThat(str(deployment, "metadata", "labels", "app")).isEqualTo(app);
        assertThat(map(deployment, "spec", "selector", "matchLabels")).containsEntry("app", app);
        assertThat(podLabels(deployment)).containsEntry("app", app);
        assertThat(containers(podSpec(deployment))).extracting(c -> str(c, "name")).contains(app);
        assertThat(str(podSpec(deployment), "serviceAccountName")).isEqualTo(app);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void portsAgreeWithTheApplication(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(app);
        Env env = Env.of(container, manifests);
        PackagedApplication config = apps.get(app);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http-management", managementPort(app, env));
        if (app.equals(GATEWAY)) {
            ports.put("http", Integer.parseInt(config.effective(HTTP_PORT_PROPERTY, env)));
            ports.put("grpc", gatewayGrpcPort(env));
        } else {
            ports.put("grpc", Integer.parseInt(config.effective(GRPC_PORT_PROPERTY, env)));
        }
        assertThat(list(container, "ports")).extracting(port -> str(port, "name"))
                .as("container ports of %s", app).containsExactlyInAnyOrderElementsOf(ports.keySet());
        Map<String, Object> service = manifests.one("Service", app);
        ports.forEach((name, port) -> {
            assertThat(containerPort(container, name)).as("container port %s", name).isEqualTo(port);
            Map<String, Object> servicePort = servicePort(service, name);
            assertThat(servicePort).as("Service %s has a port named %s", app, name).isNotNull();
            assertThat(resolveTargetPort(servicePort, container)).as("%s target port", name).isEqualTo(port);
        });
        // The port names say the protocol (STYLE rule 10; Istio and friends read them).
        assertThat(servicePort(service, "grpc")).containsEntry("appProtocol", "grpc");
    }

    /** The gRPC passthrough's port as the gateway reads it. */
    private static int gatewayGrpcPort(Env env) {
        String property = apps.get(GATEWAY).propertyReading("GATEWAY_GRPC_PORT")
                .orElseThrow(() -> new AssertionError("the gateway reads no GATEWAY_GRPC_PORT"));
        return Integer.parseInt(apps.get(GATEWAY).effective(property, env));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndServices")
    void servicesProbeGrpcHealthOnTheGrpcPort(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(app);
        int grpcPort = Integer.parseInt(apps.get(app).effective(GRPC_PORT_PROPERTY, Env.of(container, manifests)));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(at(container, probe, "grpc")).as("%s of %s is a native gRPC probe", probe, app).isNotNull();
            assertThat(resolvePort(at(container, probe, "grpc", "port"), container)).as("%s port", probe)
                    .isEqualTo(grpcPort);
        }
        // grpc.health.v1 "" is the server's overall status (it follows the store); a named service would be NOT_FOUND.
        assertThat(str(container, "startupProbe", "grpc", "service")).isNullOrEmpty();
        assertThat(str(container, "readinessProbe", "grpc", "service")).isNullOrEmpty();
        // The process, not its store: "liveness" stays SERVING while MongoDB is away.
        assertThat(str(container, "livenessProbe", "grpc", "service")).isEqualTo(GracefulDrain.LIVENESS_SERVICE);
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void gatewayProbesActuatorsGroupsOnTheManagementPort(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(GATEWAY);
        Env env = Env.of(container, manifests);
        PackagedApplication gateway = apps.get(GATEWAY);
        int managementPort = managementPort(GATEWAY, env);
        assertThat(gateway.effective("management.endpoint.health.probes.enabled", env))
                .as("actuator's liveness and readiness groups are on").isEqualTo("true");
        assertThat(gateway.effective("management.endpoints.web.exposure.include", env, "health"))
                .as("the health endpoint is exposed").contains("health");
        String base = gateway.effective("management.endpoints.web.base-path", env, "/actuator");
        Map<String, String> paths = Map.of("startupProbe", base + "/health/liveness",
                "readinessProbe", base + "/health/readiness", "livenessProbe", base + "/health/liveness");
        paths.forEach((probe, path) -> {
            assertThat(at(container, probe, "httpGet")).as("%s is an HTTP probe", probe).isNotNull();
            assertThat(resolvePort(at(container, probe, "httpGet", "port"), container)).as("%s port", probe)
                    .isEqualTo(managementPort);
            assertThat(str(container, probe, "httpGet", "scheme")).as("%s scheme", probe).isIn(null, "HTTP");
            assertThat(str(container, probe, "httpGet", "path")).as("%s path", probe).isEqualTo(path);
        });
        assertThat(gateway.effective("management.endpoint.health.group.readiness.include", env))
                .as("readiness follows the store, as the services' does").contains("readinessState", "store");
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void gatewayReachesEachServiceByItsServiceAndGrpcPort(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        Env env = Env.of(manifests.appContainer(GATEWAY), manifests);
        for (String service : SERVICE_CALLERS.keySet()) {
            assertTargetsGrpcPortOf(manifests, service,
                    apps.get(GATEWAY).effective("exceed.gateway.backends." + service, env));
        }
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void eachServiceReachesTheServicesItCallsByTheirServiceAndGrpcPort(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        SERVICE_CALLERS.forEach((service, callers) -> callers.stream().filter(caller -> !caller.equals(GATEWAY))
                .forEach(caller -> assertTargetsGrpcPortOf(manifests, service, apps.get(caller).effective(
                        "exceed.clients." + service + ".address", Env.of(manifests.appContainer(caller), manifests)))));
    }

    private static void assertTargetsGrpcPortOf(Manifests manifests, String service, String target) {
        URI uri = URI.create(target.startsWith("dns:///") ? "dns://" + target.substring("dns:///".length())
                : "dns://" + target);
        assertThat(uri.getHost()).as("the target for %s: %s", service, target).isEqualTo(service);
        assertThat(manifests.has("Service", uri.getHost())).as("Service %s", uri.getHost()).isTrue();
        Map<String, Object> grpc = servicePort(manifests.one("Service", service), "grpc");
        assertThat(uri.getPort()).as("%s: the port of Service %s named grpc", target, service)
                .isEqualTo(grpc.get("port"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void everyEnvironmentVariableIsOneTheApplicationReads(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        PackagedApplication config = apps.get(app);
        assertThat(Env.of(manifests.appContainer(app), manifests).names())
                .as("env vars set for %s must be ones it reads: %s, JAVA_TOOL_OPTIONS or a property's relaxed name",
                        app, config.placeholderEnvNames())
                .allSatisfy(name -> assertThat(config.reads(name)).as("%s is read by %s", name, app).isTrue());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndServices")
    void servicesDrainWithinTheTerminationGracePeriod(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Env env = Env.of(manifests.appContainer(app), manifests);
        Duration drain = DurationStyle.detectAndParse(apps.get(app).effective(DRAIN_DELAY_PROPERTY, env));
        Duration grace = DurationStyle.detectAndParse(apps.get(app).effective(GRACE_PERIOD_PROPERTY, env));
        assertThat(drain).as("EXCEED_DRAIN_DELAY on Kubernetes (endpoints need time to drop the pod)").isPositive();
        assertThat(terminationGracePeriod(manifests, app))
                .as("terminationGracePeriodSeconds > drain %s + grace %s (a margin for the rest)", drain, grace)
                .isGreaterThan(drain.plus(grace));
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void gatewayDrainsWithinTheTerminationGracePeriod(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(GATEWAY);
        Env env = Env.of(container, manifests);
        // The gateway stops accepting connections at SIGTERM; the preStop sleep keeps it serving meanwhile.
        Integer preStop = num(container, "lifecycle", "preStop", "sleep", "seconds");
        assertThat(preStop).as("the gateway's preStop sleep").isNotNull().isPositive();
        Duration shutdownPhase = DurationStyle.detectAndParse(apps.get(GATEWAY).effective(SHUTDOWN_PHASE_PROPERTY, env));
        Duration deadline = DurationStyle.detectAndParse(apps.get(GATEWAY).effective(GATEWAY_DEADLINE_PROPERTY, env));
        assertThat(deadline).as("calls in flight end within the deadline, before Spring stops waiting")
                .isLessThan(shutdownPhase);
        assertThat(terminationGracePeriod(manifests, GATEWAY))
                .as("terminationGracePeriodSeconds > preStop %ss + shutdown phase %s", preStop, shutdownPhase)
                .isGreaterThan(Duration.ofSeconds(preStop).plus(shutdownPhase));
    }

    private static Duration terminationGracePeriod(Manifests manifests, String app) {
        Integer seconds = num(podSpec(manifests.one("Deployment", app)), "terminationGracePeriodSeconds");
        assertThat(seconds).as("terminationGracePeriodSeconds of %s", app).isNotNull();
        return Duration.ofSeconds(seconds);
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void everyContainerIsHardenedAndSized(String variant) {
        Manifests manifests = variants.get(variant).manifests();
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
                assertThat(str(container, "image")).as("%s image", where).isNotBlank().doesNotEndWith(":latest");
            }
        }
        for (String app : APPS) {
            Map<String, Object> container = manifests.appContainer(app);
            assertThat(firstSet(container, podSpec(manifests.one("Deployment", app)), "runAsUser"))
                    .as("%s runAsUser", app).isEqualTo(10001);
            assertThat(list(container, "volumeMounts")).as("%s has a writable /tmp", app)
                    .anySatisfy(mount -> assertThat(mount.get("mountPath")).isEqualTo("/tmp"));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void theImageMatchesTheManifests(String variant, String app) throws IOException {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(app);
        Dockerfile dockerfile = Dockerfile.read(repoRoot);
        assertThat(dockerfile.user()).as("the image's user is the pod's runAsUser")
                .isEqualTo(String.valueOf(firstSet(container, podSpec(manifests.one("Deployment", app)), "runAsUser")));
        assertThat(dockerfile.javaToolOptions()).as("JVM flags in image and manifests")
                .isEqualTo(Env.of(container, manifests).literal("JAVA_TOOL_OPTIONS"));
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void everyWorkloadHasItsServiceAccountServiceAndNetworkPolicy(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        List<Map<String, Object>> policies = manifests.all("NetworkPolicy");
        assertThat(policies).as("a default-deny policy, in and out").anySatisfy(policy -> {
            assertThat(at(policy, "spec", "podSelector")).isEqualTo(Map.of());
            assertThat(strings(policy, "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(list(policy, "spec", "ingress")).isEmpty();
            assertThat(list(policy, "spec", "egress")).isEmpty();
        });
        for (Map<String, Object> workload : manifests.workloads()) {
            String name = kind(workload) + "/" + name(workload);
            Map<String, Object> labels = podLabels(workload);
            String account = str(podSpec(workload), "serviceAccountName");
            assertThat(account).as("%s serviceAccountName", name).isNotBlank().isNotEqualTo("default");
            assertThat(manifests.all("ServiceAccount")).extracting(Manifests::name)
                    .as("ServiceAccount of %s", name).contains(account);
            assertThat(policies).as("a NetworkPolicy of its own selecting %s", name).anySatisfy(policy -> {
                assertThat(map(policy, "spec", "podSelector", "matchLabels")).isNotEmpty();
                assertThat(selects(map(policy, "spec", "podSelector"), labels)).isTrue();
            });
            // A Job serves nothing.
            if (!kind(workload).equals("Job")) {
                assertThat(manifests.all("Service")).as("a Service selecting %s", name).anySatisfy(service -> {
                    Map<String, Object> selector = map(service, "spec", "selector");
                    assertThat(selector).isNotEmpty();
                    assertThat(labels).containsAllEntriesOf(selector);
                });
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndServices")
    void onlyItsCallersReachTheGrpcPort(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> container = manifests.appContainer(app);
        int grpcPort = containerPort(container, "grpc");
        List<Map<String, Object>> rules = list(manifests.one("NetworkPolicy", app), "spec", "ingress");
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(list(rule, "from")).as("every rule names its sources").isNotEmpty();
            assertThat(list(rule, "ports")).as("every rule names its ports").isNotEmpty();
        });
        List<String> grpcCallers = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            if (list(rule, "ports").stream().anyMatch(port -> resolvePort(port.get("port"), container) == grpcPort)) {
                for (Map<String, Object> from : list(rule, "from")) {
                    assertThat(from).as("gRPC callers are pods of this namespace, by app label")
                            .containsOnlyKeys("podSelector");
                    grpcCallers.add(str(from, "podSelector", "matchLabels", "app"));
                }
            }
        }
        assertThat(grpcCallers).containsExactlyInAnyOrderElementsOf(SERVICE_CALLERS.get(app));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void eachApplicationCallsOnlyTheServicesItNeeds(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> workload = manifests.one("Deployment", app);
        List<String> callees = new ArrayList<>();
        for (Map<String, Object> policy : egressPoliciesOf(manifests, workload)) {
            for (Map<String, Object> rule : list(policy, "spec", "egress")) {
                if (list(rule, "ports").stream().anyMatch(port -> "grpc".equals(String.valueOf(port.get("port"))))) {
                    list(rule, "to").forEach(to -> callees.add(str(to, "podSelector", "matchLabels", "app")));
                }
            }
        }
        List<String> expected = SERVICE_CALLERS.entrySet().stream()
                .filter(callers -> callers.getValue().contains(app)).map(Map.Entry::getKey).toList();
        assertThat(callees).as("the services %s may call on their grpc port", app)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void mongodbIsReachedOnlyByItsOwners(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        Set<String> members = Set.of("mongodb", "mongodb-init");
        if (variants.get(variant).embeddedStore()) {
            assertThat(manifests.objects()).as("on the embedded store nothing is MongoDB's")
                    .noneSatisfy(object -> assertThat(name(object)).startsWith("mongodb"));
            assertThat(manifests.all("NetworkPolicy")).as("and no pod may reach port %s", MONGODB_PORT)
                    .noneSatisfy(policy -> assertThat(list(policy, "spec", "egress"))
                            .anySatisfy(rule -> assertThat(ports(rule)).contains(String.valueOf(MONGODB_PORT))));
            return;
        }
        for (String app : APPS) {
            assertThat(egressPoliciesOf(manifests, manifests.one("Deployment", app)))
                    .as("%s may reach MongoDB", app).anySatisfy(policy -> assertThat(list(policy, "spec", "egress"))
                            .anySatisfy(rule -> assertThat(ports(rule)).contains(String.valueOf(MONGODB_PORT))));
        }
        for (Map<String, Object> policy : manifests.all("NetworkPolicy")) {
            boolean mongodbEgress = list(policy, "spec", "egress").stream()
                    .anyMatch(rule -> ports(rule).contains(String.valueOf(MONGODB_PORT)));
            if (mongodbEgress) {
                assertThat(manifests.selectedBy(policy)).extracting(workload -> str(podLabels(workload), "app"))
                        .as("pods that %s lets reach MongoDB", name(policy))
                        .allSatisfy(app -> assertThat(MONGODB_OWNERS.contains(app) || members.contains(app)).isTrue());
            }
        }
        if (manifests.has("StatefulSet", "mongodb")) {
            List<String> sources = list(manifests.one("NetworkPolicy", "mongodb"), "spec", "ingress").stream()
                    .flatMap(rule -> list(rule, "from").stream()).map(from -> str(from, "podSelector", "matchLabels", "app"))
                    .toList();
            Set<String> allowed = new TreeSet<>(MONGODB_OWNERS);
            allowed.addAll(members);
            assertThat(sources).as("who may reach the in-cluster MongoDB").containsExactlyInAnyOrderElementsOf(allowed);
        }
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void everyPodResolvesNamesAndNothingElseIsOpenToAll(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        List<Map<String, Object>> forAll = manifests.all("NetworkPolicy").stream()
                .filter(policy -> map(policy, "spec", "podSelector").isEmpty()).toList();
        assertThat(forAll).as("policies for every pod: the default deny and DNS").hasSize(2);
        assertThat(forAll).anySatisfy(policy -> {
            List<Map<String, Object>> egress = list(policy, "spec", "egress");
            assertThat(egress).hasSize(1);
            assertThat(list(egress.getFirst(), "to")).singleElement().satisfies(to -> {
                assertThat(map(to, "namespaceSelector", "matchLabels"))
                        .containsEntry("kubernetes.io/metadata.name", "kube-system");
                assertThat(map(to, "podSelector", "matchLabels")).containsEntry("k8s-app", "kube-dns");
            });
            assertThat(list(egress.getFirst(), "ports")).extracting(port -> port.get("port") + "/" + port.get("protocol"))
                    .containsExactlyInAnyOrder("53/UDP", "53/TCP");
            assertThat(list(policy, "spec", "ingress")).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void onlyTheGatewaysPublicPortsAreOpenToAnyone(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        Map<String, Object> gateway = manifests.appContainer(GATEWAY);
        List<Map<String, Object>> open = new ArrayList<>();
        for (Map<String, Object> policy : manifests.all("NetworkPolicy")) {
            for (Map<String, Object> rule : list(policy, "spec", "ingress")) {
                if (list(rule, "from").isEmpty()) {
                    assertThat(name(policy)).as("a rule open to anyone").isEqualTo(GATEWAY);
                    open.add(rule);
                }
            }
        }
        assertThat(open).singleElement().satisfies(rule -> assertThat(list(rule, "ports"))
                .extracting(port -> resolvePort(port.get("port"), gateway))
                .containsExactlyInAnyOrder(containerPort(gateway, "http"), containerPort(gateway, "grpc")));
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void egressToAnyPortNeverReachesPrivateRanges(String variant) {
        Manifests manifests = variants.get(variant).manifests();
        for (Map<String, Object> policy : manifests.all("NetworkPolicy")) {
            for (Map<String, Object> rule : list(policy, "spec", "egress")) {
                assertThat(list(rule, "to")).as("%s: every egress rule names its destinations", name(policy))
                        .isNotEmpty();
                if (list(rule, "ports").isEmpty()) {
                    assertThat(list(rule, "to")).as("%s: a rule for any port reaches public addresses only", name(policy))
                            .allSatisfy(to -> {
                                assertThat(to).containsOnlyKeys("ipBlock");
                                if (str(to, "ipBlock", "cidr").equals("0.0.0.0/0")) {
                                    assertThat(strings(to, "ipBlock", "except")).containsAll(PRIVATE_RANGES);
                                } else {
                                    assertThat(str(to, "ipBlock", "cidr")).isEqualTo("::/0");
                                    assertThat(strings(to, "ipBlock", "except")).contains("fc00::/7", "fe80::/10");
                                }
                            });
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("variantNames")
    void redisRateLimitsWhenTheComponentIsIn(String variant) {
        Variant rendering = variants.get(variant);
        Manifests manifests = rendering.manifests();
        Env env = Env.of(manifests.appContainer(GATEWAY), manifests);
        if (!rendering.components().contains("redis-rate-limits")) {
            assertThat(env.names()).doesNotContain("EXCEED_GATEWAY_REDIS_URL");
            assertThat(manifests.has("Deployment", "redis")).isFalse();
            return;
        }
        Map<String, Object> redis = manifests.one("Deployment", "redis");
        Map<String, Object> service = manifests.one("Service", "redis");
        URI url = URI.create(env.literal("EXCEED_GATEWAY_REDIS_URL"));
        assertThat(url.getScheme()).isEqualTo("redis");
        assertThat(url.getHost()).as("the Service's name").isEqualTo(name(service));
        assertThat(url.getPort()).as("the Service's port").isEqualTo(num(list(service, "spec", "ports").getFirst(), "port"));
        assertThat(map(service, "spec", "selector")).isEqualTo(map(redis, "spec", "selector", "matchLabels"));
        Map<String, Object> container = containers(podSpec(redis)).getFirst();
        int redisPort = resolveTargetPort(list(service, "spec", "ports").getFirst(), container);
        assertThat(strings(container, "command")).as("Redis keeps the counters in memory only")
                .containsSubsequence("--save", "").containsSubsequence("--appendonly", "no");
        assertThat(list(podSpec(redis), "volumes")).as("no persistent volume")
                .allSatisfy(volume -> assertThat(volume).containsKey("emptyDir"));
        List<String> sources = list(manifests.one("NetworkPolicy", "redis"), "spec", "ingress").stream()
                .flatMap(rule -> list(rule, "from").stream()).map(from -> str(from, "podSelector", "matchLabels", "app"))
                .toList();
        assertThat(sources).as("only the gateway reaches Redis").containsExactly(GATEWAY);
        if (rendering.components().contains("network-policies")) {
            assertThat(egressPoliciesOf(manifests, manifests.one("Deployment", GATEWAY))).as("the gateway reaches Redis")
                    .anySatisfy(policy -> assertThat(list(policy, "spec", "egress")).anySatisfy(rule -> {
                        assertThat(list(rule, "to")).anySatisfy(to -> assertThat(selects(map(to, "podSelector"),
                                podLabels(redis))).isTrue());
                        assertThat(ports(rule)).contains(String.valueOf(redisPort));
                    }));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void monitoringScrapesEachApplicationsMetricsWhenTheComponentIsIn(String variant, String app) {
        Variant rendering = variants.get(variant);
        Manifests manifests = rendering.manifests();
        if (!rendering.components().contains(Monitoring.COMPONENT)) {
            assertThat(manifests.all("PodMonitor")).isEmpty();
            assertThat(manifests.all("PrometheusRule")).isEmpty();
            return;
        }
        Map<String, Object> deployment = manifests.one("Deployment", app);
        Map<String, Object> container = manifests.appContainer(app);
        List<Map<String, Object>> monitors = manifests.all("PodMonitor").stream()
                .filter(monitor -> selects(map(monitor, "spec", "selector"), podLabels(deployment))).toList();
        assertThat(monitors).as("one PodMonitor selects the pods of %s", app).hasSize(1);
        Map<String, Object> endpoint = list(monitors.getFirst(), "spec", "podMetricsEndpoints").getFirst();
        int port = containerPort(container, str(endpoint, "port"));
        assertThat(port).as("the PodMonitor scrapes the management port of %s", app)
                .isEqualTo(managementPort(app, Env.of(container, manifests)));
        assertThat(str(endpoint, "path")).isEqualTo("/actuator/prometheus");
        assertThat(apps.get(app).properties().get("management.endpoints.web.exposure.include"))
                .as("%s exposes actuator's prometheus endpoint", app).contains("prometheus");
        if (rendering.components().contains("network-policies")) {
            assertThat(list(manifests.one("NetworkPolicy", app), "spec", "ingress"))
                    .as("Prometheus (namespace monitoring) may reach the scraped port of %s", app)
                    .anySatisfy(rule -> {
                        assertThat(ports(rule)).contains(str(endpoint, "port"));
                        assertThat(list(rule, "from")).anySatisfy(from -> assertThat(
                                str(from, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
                                .isEqualTo("monitoring"));
                    });
        }
        Map<String, Object> dashboards = manifests.one("ConfigMap", Monitoring.DASHBOARDS);
        assertThat(map(dashboards, "data")).as("a dashboard for %s", app).containsKey(app + ".json");
        assertThat(str(dashboards, "metadata", "labels", "grafana_dashboard")).as("Grafana's sidecar loads it")
                .isEqualTo("1");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variantsAndApps")
    void noSecretValueIsInTheRepository(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        assertThat(manifests.all("Secret")).as("Secrets are created by the operator, never rendered").isEmpty();
        Env env = Env.of(manifests.appContainer(app), manifests);
        if (variants.get(variant).embeddedStore()) {
            assertThat(env.names()).as("on the embedded store, no MongoDB").doesNotContain("MONGODB_URI");
        } else {
            assertThat(env.secretRefs()).as("MONGODB_URI (it carries the credentials)")
                    .containsEntry("MONGODB_URI", "exceed-mongodb/" + app + "-uri");
        }
        if (app.equals("followup-service")) {
            assertThat(env.secretRefs()).as("the key that encrypts webhook secrets at rest, and those it replaced")
                    .containsEntry("EXCEED_WEBHOOK_SECRET_KEY", "exceed-followup-webhooks/secret-key")
                    .containsEntry("EXCEED_WEBHOOK_SECRET_PREVIOUS_KEYS", "exceed-followup-webhooks/previous-keys");
        }
        if (app.equals("feedback-service")) {
            assertThat(env.secretRefs()).as("the key that encrypts SMTP passwords at rest, and those it replaced")
                    .containsEntry("EXCEED_MAIL_SECRET_KEY", "exceed-feedback-mail/secret-key")
                    .containsEntry("EXCEED_MAIL_SECRET_PREVIOUS_KEYS", "exceed-feedback-mail/previous-keys");
        }
        if (app.equals(GATEWAY)) {
            assertThat(env.secretRefs()).as("the admin API's token")
                    .containsEntry("EXCEED_GATEWAY_OPERATOR_TOKEN", "exceed-gateway/operator-token");
            assertThat(env.operatorConfigRefs()).as("the identity provider, from the operator's ConfigMap")
                    .containsEntry("EXCEED_GATEWAY_JWT_ISSUER_URI", "exceed-gateway-jwt/issuer-uri")
                    .containsEntry("EXCEED_GATEWAY_JWT_JWK_SET_URI", "exceed-gateway-jwt/jwk-set-uri");
        }
        assertThat(manifests.text()).as("no connection string with credentials")
                .doesNotContainPattern("(mongodb(\\+srv)?|rediss?)://[^\\s/@\"]+@");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("productionVariantsAndApps")
    void productionScalesAndSurvivesDisruptions(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
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
        assertThat(str(manifests.appContainer(app), "image")).as("image pinned by digest")
                .matches(".+@sha256:[0-9a-f]{64}");
        if (!app.equals(GATEWAY)) {
            assertThat(apps.get(app).effective(DRAIN_DELAY_PROPERTY, Env.of(manifests.appContainer(app), manifests)))
                    .isEqualTo("5s");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("devVariantsAndApps")
    void devRunsOneReplicaOnAMongoReplicaSetOrItsEmbeddedStore(String variant, String app) {
        Manifests manifests = variants.get(variant).manifests();
        assertThat(num(manifests.one("Deployment", app), "spec", "replicas")).isEqualTo(1);
        if (variants.get(variant).embeddedStore()) {
            // One replica is what makes the embedded store right: a second would have a store of its own.
            Map<String, Object> container = manifests.appContainer(app);
            String dataDir = Env.of(container, manifests).literal("EXCEED_DATA_DIR");
            assertThat(apps.get(app).propertyReading("EXCEED_DATA_DIR")).as("%s reads EXCEED_DATA_DIR", app)
                    .contains("exceed.storage.data-dir");
            Map<String, Object> mount = list(container, "volumeMounts").stream()
                    .filter(m -> dataDir.equals(m.get("mountPath"))).findFirst()
                    .orElseThrow(() -> new AssertionError(app + " mounts nothing at EXCEED_DATA_DIR " + dataDir));
            assertThat(list(podSpec(manifests.one("Deployment", app)), "volumes"))
                    .as("the data volume of %s is in the pod", app)
                    .anySatisfy(volume -> {
                        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
                        assertThat(volume).containsKey("emptyDir");
                    });
            return;
        }
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

    // --- helpers

    /** Actuator's port: a port of its own where management.server.port is set (the gateway), else the HTTP server's. */
    private static int managementPort(String app, Env env) {
        PackagedApplication config = apps.get(app);
        String property = config.properties().containsKey(MANAGEMENT_PORT_PROPERTY) ? MANAGEMENT_PORT_PROPERTY
                : HTTP_PORT_PROPERTY;
        return Integer.parseInt(config.effective(property, env));
    }

    /** The NetworkPolicies that restrict a workload's egress (and so, together, say what it may reach). */
    private static List<Map<String, Object>> egressPoliciesOf(Manifests manifests, Map<String, Object> workload) {
        return manifests.all("NetworkPolicy").stream()
                .filter(policy -> strings(policy, "spec", "policyTypes").contains("Egress"))
                .filter(policy -> selects(map(policy, "spec", "podSelector"), podLabels(workload))).toList();
    }

    private static List<String> ports(Map<String, Object> rule) {
        return list(rule, "ports").stream().map(port -> String.valueOf(port.get("port"))).toList();
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

    /** The repository root: the nearest directory up from here with k8s/overlays (Maven runs in the module). */
    static Path findRepoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/overlays")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no k8s/overlays above " + Path.of("").toAbsolutePath());
    }
}
