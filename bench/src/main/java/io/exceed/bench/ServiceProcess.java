package io.exceed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonParser;

import io.exceed.launcher.JarApplication;

/**
 * One application started from its jar (the shared {@link JarApplication} launcher, JVM defaults as bin/run-local
 * uses them) with a fresh data directory and plain-text logs, and what the harness measures about it: start to
 * ready, heap, resident memory, CPU time.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    final String name;
    /** The gRPC port of a service, the HTTP port of the gateway. */
    final int port;
    final int managementPort;
    private final JarApplication application;
    private final Process process;

    private ServiceProcess(JarApplication application) {
        this.application = application;
        this.name = application.name();
        this.port = application.port();
        this.managementPort = application.managementPort();
        this.process = application.process().orElseThrow();
    }

    /**
     * Starts {@code module}'s jar with its port in {@code portVariable} (GRPC_PORT, or GATEWAY_PORT for the
     * gateway); {@code env} adds to (or overrides) the harness's environment. With {@code jfr} it records a JFR
     * profile into {@code logDir}, written when it stops.
     */
    static ServiceProcess start(Path root, String module, String name, String portVariable, Path dataDir,
            Path logDir, boolean jfr, Map<String, String> env) throws IOException {
        Files.createDirectories(dataDir);
        JarApplication application = new JarApplication(root, module, name, logDir);
        if (jfr) {
            application.jvmOption("-XX:StartFlightRecording=settings=profile,filename="
                    + logDir.resolve(name + ".jfr").toAbsolutePath());
        }
        application.env(portVariable, Integer.toString(application.port()))
                .env("MANAGEMENT_PORT", Integer.toString(application.managementPort()))
                .env("EXCEED_DATA_DIR", dataDir.toString())
                .env("EXCEED_LOG_FORMAT", "");
        env.forEach(application::env);
        application.start();
        return new ServiceProcess(application);
    }

    /** host:port, as the other applications' *_SERVICE_TARGET settings take it. */
    String target() {
        return application.target();
    }

    /**
     * Waits until the readiness group reports UP; the time since the process started is its start→healthy. The
     * wait is generous: a JVM on a loaded two-core machine can take well over a minute to start, and the harness
     * fails on errors, duplicates and losses, never on a timing.
     */
    void awaitHealthy() throws InterruptedException {
        awaitHealthy(Duration.ofMinutes(3));
    }

    void awaitHealthy(Duration timeout) throws InterruptedException {
        application.awaitReady(timeout);
    }

    double startToHealthySeconds() {
        return application.startToReadySeconds();
    }

    /** Heap in use now, in MiB, from the actuator's jvm.memory.used metric; -1 if it cannot be read. */
    double heapUsedMib() {
        URI metric = URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/metrics/jvm.memory.used?tag=area:heap");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metric).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("measurements").get(0)
                    .getAsJsonObject().get("value").getAsDouble() / (1 << 20);
        } catch (IOException | RuntimeException e) {
            // unreachable, or a reply without the metric
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Heap in use after a full collection (jcmd GC.run), in MiB: what the application keeps live, without the
     * garbage that happens not to be collected yet. -1 if jcmd is missing or fails.
     */
    double heapAfterGcMib() throws InterruptedException {
        Path jcmd = Path.of(JAVA).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        try {
            Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                return -1;
            }
        } catch (IOException e) {
            return -1;
        }
        return heapUsedMib();
    }

    /** CPU time the process has used so far, in nanoseconds; 0 where the platform does not tell. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Resident set size now, in MiB, from /proc; -1 where there is no /proc. */
    double rssMib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0)
                    .findFirst().orElse(-1.0);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** SIGTERM (the applications drain and stop), then a kill if that takes too long. */
    @Override
    public void close() {
        application.stop();
    }
}
