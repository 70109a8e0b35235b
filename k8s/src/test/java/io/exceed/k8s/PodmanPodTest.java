package io.exceed.k8s;

import static io.exceed.k8s.Manifests.containers;
import static io.exceed.k8s.Manifests.name;
import static io.exceed.k8s.Manifests.podLabels;
import static io.exceed.k8s.Manifests.podSpec;
import static io.exceed.k8s.Nodes.at;
import static io.exceed.k8s.Nodes.bool;
import static io.exceed.k8s.Nodes.list;
import static io.exceed.k8s.Nodes.map;
import static io.exceed.k8s.Nodes.num;
import static io.exceed.k8s.Nodes.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four images, built from k8s/Dockerfile with podman (no daemon), started as the dev overlay describes them,
 * on a machine without Kubernetes: the rendered Deployments become one podman pod (podman kube play) with their
 * images, users, read-only root file systems, environments (the rendered ConfigMaps, the dev Secrets made up here),
 * resources and volumes. The test then asks what the kubelet would: each probe, each declared port; looks inside
 * each container (its user, a root it cannot write); calls the REST API through the gateway, which reaches the
 * services by their Service names; and checks that every metric the monitoring component reads is one the
 * running applications export.
 *
 * What differs from a cluster, and why:
 * - MongoDB: its image cannot be pulled where no registry is reachable, so the dev overlay runs with the
 *   embedded-store component (each application on its embedded store, on an emptyDir).
 * - One pod for the four Deployments, so one network namespace: each Service name resolves to the pod itself
 *   (hostAliases), which is what the Service would give, since every Service port here is its target container
 *   port (checked first). The applications still dial the names their ConfigMaps give.
 * - The probes and the ports: podman runs httpGet probes with curl inside the container (the image has none) and
 *   ignores gRPC probes, and it would publish every containerPort on the host; so the pod is played without them
 *   and this test asks each probe and port from outside, on the pod's address, as the kubelet does.
 * - restartPolicy Never: a container that exits is a failure here, not something to restart.
 * The base image: EXCEED_JAVA_IMAGE if set (CI builds one with bin/java-base-image, since eclipse-temurin cannot be
 * pulled there), else the Dockerfile's own, else (no registry) what bin/java-base-image builds. Skipped where podman
 * (or kubectl) is missing; .ci/run installs both.
 */
class PodmanPodTest {

    private static final String POD = "exceed-dev-check";
    private static final List<String> APPS = KubernetesManifestsTest.APPS;
    private static final String GATEWAY = KubernetesManifestsTest.GATEWAY;
    /** Labels Prometheus adds when it scrapes a pod (the PodMonitor): not the applications' to export. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "container", "endpoint", "job",
            "instance", "service");
    /** Labels whose values name what happened (a status, an exception): a value appears once it has happened. */
    private static final Set<String> OUTCOME_LABELS = Set.of("status", "grpc_status_code", "outcome", "exception",
            "error");
    /** A bound, not a claim: the four JVMs start at once on two cores; 2.5 min here, 5 min with other builds beside. */
    private static final Duration STARTUP = Duration.ofMinutes(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final JsonMapper JSON = JsonMapper.shared();

    private static Path repoRoot;
    private static Path work;
    private static Podman podman;
    private static Manifests dev;
    private static Path podFile;
    private static String podAddress;
    /** Made-up Secret values: Secret name -> key -> value. */
    private static final Map<String, Map<String, String>> secrets = new TreeMap<>();
    private static final Map<String, Exposition> metrics = new LinkedHashMap<>();
    private static Story story;

    @BeforeAll
    static void buildAndPlay() throws Exception {
        assumeTrue(Podman.onPath(), "podman is not on the PATH: skipping the container check (CI installs podman "
                + "and runc; apt-get install podman runc to run it here, as root)");
        assumeTrue(Kustomize.onPath(), "kubectl is not on the PATH: skipping the container check (CI installs it)");
        repoRoot = KubernetesManifestsTest.findRepoRoot();
        work = repoRoot.resolve("k8s/target/podman");
        podman = Podman.configured(work);
        dev = render();
        podman.run(Duration.ofMinutes(2), "pod", "rm", "--force", "--ignore", POD);

        Instant start = Instant.now();
        buildImages();
        Duration built = Duration.between(start, Instant.now());
        makeUpSecrets();
        podFile = work.resolve("exceed-dev.yaml");
        Files.writeString(podFile, podManifest());
        Podman.Result play = podman.run(Duration.ofMinutes(3), "kube", "play", podFile.toString());
        assertThat(play.ok()).as("podman kube play %s:\n%s", podFile, play.output()).isTrue();
        podAddress = podman.run(Duration.ofSeconds(30), "inspect", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", infraContainer()).output().strip();
        assertThat(podAddress).as("the pod's address").matches("[0-9a-f.:]+");
        Instant played = Instant.now();
        awaitStartupProbes();
        System.out.printf("PodmanPodTest: 4 images built in %d s; the pod started in %d s%n", built.toSeconds(),
                Duration.between(played, Instant.now()).toSeconds());
        story = Story.tell();
        for (String app : APPS) {
            metrics.put(app, Exposition.parse(get(app, managementPort(app), "/actuator/prometheus").body()));
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (podman == null) {
            return;
        }
        if (podFile != null) {
            podman.run(Duration.ofMinutes(2), "kube", "down", podFile.toString());
        }
        for (String secret : secrets.keySet()) {
            podman.run(Duration.ofSeconds(30), "secret", "rm", secret);
        }
    }

    static Stream<String> apps() {
        return APPS.stream();
    }

    @ParameterizedTest
    @MethodSource("apps")
    void runsAsItsUserOnAReadOnlyRoot(String app) throws Exception {
        Map<String, Object> container = dev.appContainer(app);
        Map<String, Object> pod = podSpec(dev.one("Deployment", app));
        Object runAsUser = at(container, "securityContext", "runAsUser") != null
                ? at(container, "securityContext", "runAsUser") : at(pod, "securityContext", "runAsUser");
        Object runAsGroup = at(pod, "securityContext", "runAsGroup");
        String status = exec(app, "cat", "/proc/1/status").output();
        assertThat(status).as("the JVM's process in %s", app)
                .containsPattern("(?m)^Uid:\\s+" + runAsUser + "\\s+" + runAsUser + "\\s")
                .containsPattern("(?m)^Gid:\\s+" + runAsGroup + "\\s+" + runAsGroup + "\\s");
        assertThat(String.valueOf(runAsUser)).as("not root").isNotEqualTo("0");
        // allowPrivilegeEscalation: false is the kernel's no_new_privs; capabilities drop ALL empties even the
        // bounding set, which a non-root process would otherwise still have.
        assertThat(status).as("%s: no new privileges, no capabilities", app)
                .containsPattern("(?m)^NoNewPrivs:\\s+1$")
                .containsPattern("(?m)^CapEff:\\s+0+$")
                .containsPattern("(?m)^CapBnd:\\s+0+$");
        Podman.Result root = exec(app, "touch", "/written-by-the-container-check");
        assertThat(root.ok()).as("%s may not write its root file system", app).isFalse();
        assertThat(root.output()).contains("Read-only file system");
        for (Map<String, Object> mount : list(container, "volumeMounts")) {
            String file = str(mount, "mountPath") + "/written-by-the-container-check";
            Podman.Result volume = exec(app, "sh", "-c", "touch " + file + " && rm " + file);
            assertThat(volume.ok()).as("%s writes its volume %s: %s", app, str(mount, "mountPath"), volume.output())
                    .isTrue();
        }
        Podman.Result inspect = podman.run(Duration.ofSeconds(30), "inspect", "--format",
                "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Privileged}} {{.HostConfig.CapDrop}}", containerName(app));
        assertThat(inspect.output().strip()).as("podman's view of %s", app).startsWith("true false");
    }

    @ParameterizedTest
    @MethodSource("apps")
    void itsProbesAnswerAsTheKubeletAsksThem(String app) throws Exception {
        Map<String, Object> container = dev.appContainer(app);
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container).as("%s has a %s", app, probe).containsKey(probe);
            String answer = probe(app, container, map(container, probe));
            assertThat(answer).as("%s %s", app, probe).isEqualTo("OK");
        }
    }

    @ParameterizedTest
    @MethodSource("apps")
    void everyPortItDeclaresIsOpen(String app) {
        List<Map<String, Object>> ports = list(dev.appContainer(app), "ports");
        assertThat(ports).as("%s declares its ports", app).isNotEmpty();
        for (Map<String, Object> port : ports) {
            int number = num(port, "containerPort");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(podAddress, number), 3000);
            } catch (IOException e) {
                fail("%s port %s (%d) is not open: %s", app, str(port, "name"), number, e);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("apps")
    void itsEnvironmentIsItsConfigMapsAndTheSecrets(String app) throws Exception {
        Map<String, Object> container = dev.appContainer(app);
        Env env = Env.of(container, dev);
        Map<String, String> inside = new TreeMap<>();
        for (String entry : exec(app, "sh", "-c", "tr '\\0' '\\n' < /proc/1/environ").output().split("\n")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                inside.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        assertThat(inside).as("the environment of %s's JVM: every literal of its ConfigMaps and env", app)
                .containsAllEntriesOf(env.literals());
        env.secretRefs().forEach((variable, reference) -> {
            String[] secretAndKey = reference.split("/");
            String value = secrets.getOrDefault(secretAndKey[0], Map.of()).get(secretAndKey[1]);
            if (value != null) {
                assertThat(inside).as("%s from Secret %s", variable, reference).containsEntry(variable, value);
            } else {
                assertThat(inside).as("%s from an optional key the Secret lacks", variable).doesNotContainKey(variable);
            }
        });
        assertThat(inside).as("on the embedded store").doesNotContainKey("MONGODB_URI");
    }

    @Test
    void theGatewayServesTheRestApiReachingTheServicesByTheirServiceNames() {
        assertThat(story.created().statusCode()).as("POST /v1/customers: %s", story.created().body()).isEqualTo(200);
        assertThat(story.read().statusCode()).as("GET /v1/customers/{id}").isEqualTo(200);
        assertThat(story.updated().statusCode()).as("PATCH with If-Match: %s", story.updated().body()).isEqualTo(200);
        assertThat(story.complaint().statusCode()).as("POST /v1/complaints: %s", story.complaint().body())
                .isEqualTo(200);
        assertThat(story.followUps().statusCode()).as("GET /v1/followUps: %s", story.followUps().body()).isEqualTo(200);
        assertThat(story.view().statusCode()).as("GET /v1/customers/{id}:view").isEqualTo(200);
        JsonNode view = JSON.readTree(story.view().body());
        assertThat(view.path("customer").path("displayName").asString()).isEqualTo("Åsa Öberg (updated)");
        // customer-service assembled the view from feedback-service and followup-service, dialled by name.
        for (JsonNode section : view.path("sections")) {
            assertThat(section.path("availability").asString()).as("360 view section %s", section.path("name"))
                    .isEqualTo("SECTION_AVAILABILITY_AVAILABLE");
        }
        assertThat(view.path("feedbackSummary").path("complaintCount").asString()).as("the complaint, via feedback-service")
                .isEqualTo("1");

        // Every backend the gateway called, it called by the Service name its ConfigMap gives (grpc-java's
        // net_peer_name), and the same for the services' calls to each other.
        Env gateway = Env.of(dev.appContainer(GATEWAY), dev);
        for (String service : KubernetesManifestsTest.SERVICE_CALLERS.keySet()) {
            String target = gateway.literal(service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_TARGET");
            assertThat(target).as("the gateway's target for %s", service).startsWith("dns:///" + service + ":");
            assertThat(peers(GATEWAY)).as("services the gateway called").contains(service);
        }
        assertThat(peers("feedback-service")).as("feedback-service called customer-service (the complaint's customer)")
                .contains("customer-service");
        assertThat(peers("customer-service")).as("customer-service called the others (the 360 view)")
                .contains("feedback-service", "followup-service");
    }

    /** The metric check: everything the alerts and dashboards read exists in what the applications export. */
    @Test
    void theMonitoringReadsOnlyMetricsTheApplicationsExport() throws Exception {
        Monitoring monitoring = Monitoring.render(repoRoot);
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Monitoring.Expression expression : monitoring.expressions()) {
            PromQl.Reads reads = PromQl.read(expression.promql());
            Set<String> labelsInReach = new HashSet<>(TARGET_LABELS);
            for (PromQl.Selector selector : reads.selectors()) {
                String metric = selector.metric();
                if (metric == null) {
                    problems.add(expression.where() + ": a selector without a metric name");
                    continue;
                }
                if (metric.contains(":")) {
                    if (!monitoring.recordedNames().contains(metric)) {
                        problems.add(expression.where() + ": " + metric + " is recorded by no rule");
                    }
                    labelsInReach.add("application");
                    continue;
                }
                checked.add(metric);
                String application = selector.matchers().stream()
                        .filter(m -> m.label().equals("application") && m.op().equals("=") && !m.templated())
                        .map(PromQl.Matcher::value).findFirst().orElse(null);
                List<Exposition.Series> series = metrics.entrySet().stream()
                        .filter(entry -> application == null || entry.getKey().equals(application))
                        .flatMap(entry -> entry.getValue().series().stream())
                        .filter(s -> s.name().equals(metric)).toList();
                if (series.isEmpty()) {
                    problems.add(expression.where() + ": " + metric + " is not exported by "
                            + (application != null ? application : "any application"));
                    continue;
                }
                series.forEach(s -> labelsInReach.addAll(s.labels().keySet()));
                for (PromQl.Matcher matcher : selector.matchers()) {
                    if (TARGET_LABELS.contains(matcher.label())) {
                        continue;
                    }
                    List<String> values = series.stream().map(s -> s.labels().get(matcher.label()))
                            .filter(java.util.Objects::nonNull).distinct().toList();
                    if (values.isEmpty()) {
                        problems.add(expression.where() + ": " + metric + " has no label " + matcher.label());
                    } else if (!matcher.templated() && !OUTCOME_LABELS.contains(matcher.label())) {
                        boolean some = switch (matcher.op()) {
                            case "=" -> values.contains(matcher.value());
                            case "=~" -> values.stream().anyMatch(Pattern.compile(matcher.value()).asMatchPredicate());
                            default -> true; // a negative matcher needs the label only
                        };
                        if (!some) {
                            problems.add(expression.where() + ": no " + metric + " series has " + matcher.label()
                                    + matcher.op() + "\"" + matcher.value() + "\" (values: " + values + ")");
                        }
                    }
                }
            }
            Set<String> grouping = new TreeSet<>(reads.groupingLabels());
            if (expression.groupingLabel() != null) {
                grouping.add(expression.groupingLabel());
            }
            for (String label : grouping) {
                if (!labelsInReach.contains(label)) {
                    problems.add(expression.where() + ": groups by " + label + ", which none of its metrics has");
                }
            }
        }
        assertThat(problems).as("what the monitoring reads that the running applications do not export "
                + "(the metrics checked: %s)", checked).isEmpty();
        assertThat(checked).as("the check saw the metrics").contains("grpc_server_seconds_count",
                "tasks_scheduled_execution_active_seconds_max", "resilience4j_circuitbreaker_state",
                "http_server_requests_seconds_count");
    }

    // --- the REST story through the gateway

    /** The gateway's answers, from one run through the REST API as an integrator would make it. */
    record Story(HttpResponse<String> created, HttpResponse<String> read, HttpResponse<String> updated,
            HttpResponse<String> complaint, HttpResponse<String> followUps, HttpResponse<String> view) {

        static Story tell() throws Exception {
            String operatorToken = secrets.get("exceed-gateway").get("operator-token");
            HttpResponse<String> issued = send("POST", "/admin/v1/tenants/acme/apiKeys", operatorToken, Map.of(),
                    "{\"name\": \"container check\", \"scopes\": [\"admin\"]}");
            assertThat(issued.statusCode()).as("issuing an API key: %s", issued.body()).isEqualTo(201);
            String key = JSON.readTree(issued.body()).path("key").asString();
            HttpResponse<String> created = send("POST", "/v1/customers", key, Map.of(), """
                    {"displayName": "Åsa Öberg", "emails": ["asa@example.se"], "language": "sv",
                     "contactPreferences": {"allowedChannels": ["CONTACT_CHANNEL_EMAIL"]}}""");
            String id = JSON.readTree(created.body()).path("id").asString();
            HttpResponse<String> read = send("GET", "/v1/customers/" + id, key, Map.of(), null);
            String etag = read.headers().firstValue("etag").orElse("\"\"");
            HttpResponse<String> updated = send("PATCH", "/v1/customers/" + id + "?update_mask=display_name", key,
                    Map.of("if-match", etag), "{\"displayName\": \"Åsa Öberg (updated)\"}");
            HttpResponse<String> complaint = send("POST", "/v1/complaints", key, Map.of(), """
                    {"customerId": "%s", "channel": "COMPLAINT_CHANNEL_EMAIL", "category": "late delivery",
                     "severity": "SEVERITY_HIGH", "text": "The parcel came a week late."}""".formatted(id));
            HttpResponse<String> followUps = send("GET", "/v1/followUps?customer_id=" + id, key, Map.of(), null);
            HttpResponse<String> view = send("GET", "/v1/customers/" + id + ":view", key, Map.of(), null);
            return new Story(created, read, updated, complaint, followUps, view);
        }

        private static HttpResponse<String> send(String method, String path, String bearer, Map<String, String> headers,
                String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host() + ":"
                    + containerPort(GATEWAY, "http") + path)).timeout(Duration.ofSeconds(30))
                    .header("authorization", "Bearer " + bearer)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("content-type", "application/json");
            }
            headers.forEach(request::header);
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    // --- building and playing

    private static Manifests render() throws IOException {
        Path dir = repoRoot.resolve("k8s/target/kustomize/podman-dev");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../../overlays/dev
                components:
                  - ../../../components/%s
                """.formatted(KubernetesManifestsTest.EMBEDDED_STORE));
        return Manifests.parse(Kustomize.render(dir));
    }

    /**
     * EXCEED_JAVA_IMAGE if set (CI's); else the Dockerfile's own base if podman has it or can pull it; else, where
     * no registry answers, the local base bin/java-base-image makes (root and debootstrap), cached by podman.
     */
    private static String baseImage() throws Exception {
        String given = System.getenv("EXCEED_JAVA_IMAGE");
        if (given != null && !given.isBlank()) {
            return given;
        }
        String own = Dockerfile.read(repoRoot).baseImage();
        if (podman.run(Duration.ofSeconds(30), "image", "exists", own).ok()
                || podman.run(Duration.ofMinutes(10), "pull", own).ok()) {
            return own;
        }
        Path errors = work.resolve("java-base-image.log");
        Podman.Result made = podman.script(Duration.ofMinutes(15), repoRoot.resolve("bin/java-base-image"), errors);
        assertThat(made.ok()).as("%s cannot be pulled, and bin/java-base-image could not build a local base "
                + "(it needs root and debootstrap; or set EXCEED_JAVA_IMAGE to an image with a JDK >= 21):\n%s",
                own, Files.readString(errors)).isTrue();
        return made.output().strip().lines().reduce((first, last) -> last).orElseThrow();
    }

    private static void buildImages() throws Exception {
        String base = baseImage();
        for (String app : APPS) {
            PackagedApplication.read(repoRoot, app); // the packaged jar exists and is not older than its sources
            List<String> build = new ArrayList<>(List.of("build", "--file", "k8s/Dockerfile", "--build-arg", "APP=" + app,
                    "--tag", str(dev.appContainer(app), "image")));
            build.addAll(List.of("--build-arg", "JAVA_IMAGE=" + base));
            build.add(repoRoot.toString());
            Podman.Result built = podman.run(Duration.ofMinutes(10), build);
            assertThat(built.ok()).as("podman build of %s on %s:\n%s", app, base, built.output()).isTrue();
        }
    }

    /** The dev Secrets, made up: every key a container needs (optional keys stay unset), base64 of 32 random bytes. */
    private static void makeUpSecrets() throws Exception {
        SecureRandom random = new SecureRandom();
        for (String app : APPS) {
            for (Map<String, Object> variable : list(dev.appContainer(app), "env")) {
                Map<String, Object> ref = map(variable, "valueFrom", "secretKeyRef");
                if (!ref.isEmpty() && !Boolean.TRUE.equals(bool(ref, "optional"))) {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    secrets.computeIfAbsent(str(ref, "name"), name -> new TreeMap<>())
                            .putIfAbsent(str(ref, "key"), Base64.getEncoder().encodeToString(bytes));
                }
            }
        }
        assertThat(secrets).as("the dev Secrets the applications need besides MongoDB's")
                .containsKeys("exceed-gateway", "exceed-followup-webhooks", "exceed-feedback-mail")
                .doesNotContainKey("exceed-mongodb");
        for (Map.Entry<String, Map<String, String>> secret : secrets.entrySet()) {
            // podman 4.3 (Debian bookworm) reads a secretKeyRef from a podman secret holding a JSON object of
            // base64 values; it cannot read back a Secret that kube play itself stored.
            Map<String, String> encoded = new TreeMap<>();
            secret.getValue().forEach((key, value) -> encoded.put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            Path file = work.resolve(secret.getKey() + ".json");
            Files.writeString(file, JSON.writeValueAsString(encoded));
            podman.run(Duration.ofSeconds(30), "secret", "rm", secret.getKey());
            Podman.Result created = podman.run(Duration.ofSeconds(30), "secret", "create", secret.getKey(), file.toString());
            Files.delete(file);
            assertThat(created.ok()).as("podman secret create %s: %s", secret.getKey(), created.output()).isTrue();
        }
    }

    /** The rendered ConfigMaps and one Pod holding the four Deployments' pod templates (see the class comment). */
    private static String podManifest() {
        List<Object> documents = new ArrayList<>(dev.all("ConfigMap"));
        Map<String, Object> securityContext = null;
        List<Object> containers = new ArrayList<>();
        List<Object> volumes = new ArrayList<>();
        Set<String> serviceNames = new TreeSet<>();
        for (String app : APPS) {
            Map<String, Object> deployment = dev.one("Deployment", app);
            Map<String, Object> pod = podSpec(deployment);
            if (securityContext == null) {
                securityContext = map(pod, "securityContext");
            }
            assertThat(map(pod, "securityContext")).as("the four pods' security contexts agree, so one pod can hold "
                    + "them").isEqualTo(securityContext);
            for (Map<String, Object> container : containers(pod)) {
                Map<String, Object> copy = new LinkedHashMap<>(container);
                copy.keySet().removeAll(List.of("startupProbe", "readinessProbe", "livenessProbe", "ports"));
                copy.put("volumeMounts", list(container, "volumeMounts").stream().map(mount -> {
                    Map<String, Object> renamed = new LinkedHashMap<>(mount);
                    renamed.put("name", app + "-" + mount.get("name"));
                    return renamed;
                }).toList());
                containers.add(copy);
            }
            for (Map<String, Object> volume : list(pod, "volumes")) {
                Map<String, Object> renamed = new LinkedHashMap<>(volume);
                renamed.put("name", app + "-" + volume.get("name"));
                volumes.add(renamed);
            }
            for (Map<String, Object> service : dev.all("Service")) {
                if (Manifests.selects(Map.of("matchLabels", map(service, "spec", "selector")), podLabels(deployment))) {
                    for (Map<String, Object> port : list(service, "spec", "ports")) {
                        Object target = port.getOrDefault("targetPort", port.get("port"));
                        int targetNumber = target instanceof Integer number ? number : containerPort(app, String.valueOf(target));
                        assertThat(targetNumber).as("Service %s port %s is its pod's port, so the name can stand "
                                + "for the pod", name(service), port.get("name")).isEqualTo(port.get("port"));
                    }
                    serviceNames.add(name(service));
                }
            }
        }
        assertThat(serviceNames).as("a Service for each application").containsAll(APPS);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("restartPolicy", "Never");
        spec.put("securityContext", securityContext);
        spec.put("hostAliases", List.of(Map.of("ip", "127.0.0.1", "hostnames", List.copyOf(serviceNames))));
        spec.put("containers", containers);
        spec.put("volumes", volumes);
        documents.add(Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", POD), "spec", spec));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dumpAll(documents.iterator());
    }

    private static String infraContainer() throws Exception {
        Podman.Result infra = podman.run(Duration.ofSeconds(30), "pod", "inspect", "--format", "{{.InfraContainerID}}", POD);
        assertThat(infra.ok()).as("podman pod inspect: %s", infra.output()).isTrue();
        return infra.output().strip();
    }

    /** Asks each container's startup probe until all answer, or a container exits, or time runs out. */
    private static void awaitStartupProbes() throws Exception {
        Instant giveUp = Instant.now().plus(STARTUP);
        Set<String> waiting = new TreeSet<>(APPS);
        while (!waiting.isEmpty()) {
            for (String app : List.copyOf(waiting)) {
                Map<String, Object> container = dev.appContainer(app);
                String state = podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Status}}",
                        containerName(app)).output().strip();
                if (!state.equals("running")) {
                    fail("%s is %s:\n%s", app, state, logs(app));
                }
                if (probe(app, container, map(container, "startupProbe")).equals("OK")) {
                    waiting.remove(app);
                }
            }
            if (Instant.now().isAfter(giveUp)) {
                StringBuilder logs = new StringBuilder();
                for (String app : waiting) {
                    logs.append("--- ").append(app).append('\n').append(logs(app));
                }
                fail("not started within %s: %s\n%s", STARTUP, waiting, logs);
            }
            Thread.sleep(2000);
        }
    }

    /** One probe as the kubelet makes it: "OK", or what it got instead. */
    private static String probe(String app, Map<String, Object> container, Map<String, Object> probe) {
        int timeout = num(probe, "timeoutSeconds") != null ? num(probe, "timeoutSeconds") : 1;
        if (probe.containsKey("grpc")) {
            int port = num(probe, "grpc", "port");
            String service = str(probe, "grpc", "service") != null ? str(probe, "grpc", "service") : "";
            ManagedChannel channel = ManagedChannelBuilder.forAddress(podAddress, port).usePlaintext().build();
            try {
                HealthCheckResponse.ServingStatus status = HealthGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(Math.max(timeout, 2), TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
                return status == HealthCheckResponse.ServingStatus.SERVING ? "OK" : status.name();
            } catch (RuntimeException e) {
                return e.toString();
            } finally {
                channel.shutdownNow();
            }
        }
        if (probe.containsKey("httpGet")) {
            Object port = at(probe, "httpGet", "port");
            int number = port instanceof Integer n ? n : containerPort(app, String.valueOf(port));
            try {
                HttpResponse<String> response = get(app, number, str(probe, "httpGet", "path"));
                // The kubelet takes any status from 200 to 399 as success.
                return response.statusCode() >= 200 && response.statusCode() < 400 ? "OK"
                        : response.statusCode() + " " + response.body();
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e.toString();
            }
        }
        return fail("%s: a probe this check cannot make: %s", app, probe);
    }

    private static HttpResponse<String> get(String app, int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host() + ":" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String host() {
        return podAddress.contains(":") ? "[" + podAddress + "]" : podAddress;
    }

    private static int containerPort(String app, String name) {
        return list(dev.appContainer(app), "ports").stream().filter(port -> name.equals(port.get("name")))
                .map(port -> (Integer) port.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError(app + " declares no port named " + name));
    }

    private static int managementPort(String app) {
        return containerPort(app, "http-management");
    }

    private static String containerName(String app) {
        return POD + "-" + app;
    }

    private static Podman.Result exec(String app, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("exec", containerName(app)));
        arguments.addAll(List.of(command));
        return podman.run(Duration.ofSeconds(30), arguments);
    }

    private static String logs(String app) throws Exception {
        String all = podman.run(Duration.ofSeconds(30), "logs", containerName(app)).output();
        List<String> lines = all.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The services an application called, by the name it dialled (grpc-java's net_peer_name). */
    private static Set<String> peers(String app) {
        return metrics.get(app).series().stream().filter(s -> s.name().equals("grpc_client_seconds_count"))
                .map(s -> s.labels().get("net_peer_name")).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
}
