package io.exceed.k8s;

import static io.exceed.k8s.Nodes.at;
import static io.exceed.k8s.Nodes.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's HTTP probes, as the dev overlay renders them, asked of the packaged gateway while it runs: each
 * path answers 200 UP on the management port, and readiness includes the store.
 */
class GatewayProbesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theProbesPathsAnswerOnTheManagementPort(@TempDir Path work) throws Exception {
        assumeTrue(Kustomize.onPath(), "kubectl is not on the PATH: skipping (CI requires kubectl)");
        Path repoRoot = KubernetesManifestsTest.findRepoRoot();
        Manifests dev = Manifests.parse(Kustomize.render(repoRoot.resolve("k8s/overlays/dev")));
        Map<String, Object> container = dev.appContainer(KubernetesManifestsTest.GATEWAY);
        PackagedApplication gateway = PackagedApplication.read(repoRoot, KubernetesManifestsTest.GATEWAY);

        // Ports of its own, so that it runs beside anything else on this machine; the ports themselves are
        // checked against the manifests by KubernetesManifestsTest.
        int management = freePort();
        Path log = work.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                gateway.jar().toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("GATEWAY_PORT", String.valueOf(freePort()),
                "GATEWAY_GRPC_PORT", String.valueOf(freePort()), "MANAGEMENT_PORT", String.valueOf(management),
                "EXCEED_DATA_DIR", work.resolve("data").toString(), "EXCEED_LOG_FORMAT", ""));
        Process process = builder.start();
        try {
            String startup = str(container, "startupProbe", "httpGet", "path");
            HttpResponse<String> started = awaitStartup(process, URI.create("http://localhost:" + management + startup), log);
            assertThat(started.statusCode()).as("startup probe %s", startup).isEqualTo(200);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(at(container, probe, "httpGet", "port")).as("%s on the management port", probe)
                        .isEqualTo("http-management");
                String path = str(container, probe, "httpGet", "path");
                HttpResponse<String> response = get(URI.create("http://localhost:" + management + path));
                assertThat(response.statusCode()).as("%s %s: %s", probe, path, response.body()).isEqualTo(200);
                assertThat(response.body()).as("%s %s", probe, path).contains("\"status\":\"UP\"");
            }
            assertThat(get(URI.create("http://localhost:" + management
                    + str(container, "readinessProbe", "httpGet", "path"))).body())
                    .as("readiness follows the store").contains("\"store\"");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Polls as the kubelet's startup probe would, until the gateway answers or exits (a bound, not a claim). */
    private static HttpResponse<String> awaitStartup(Process process, URI uri, Path log) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            assertThat(process.isAlive()).as("the gateway exited:\n%s", Files.readString(log)).isTrue();
            try {
                HttpResponse<String> response = get(uri);
                if (response.statusCode() == 200 || Instant.now().isAfter(giveUp)) {
                    return response;
                }
            } catch (IOException notYetListening) {
                assertThat(Instant.now()).as("the gateway did not answer %s:\n%s", uri, Files.readString(log))
                        .isBefore(giveUp);
            }
            // The kubelet's own probe period, scaled down.
            Thread.sleep(500);
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
