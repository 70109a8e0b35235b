package io.exceed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonParser;

/**
 * One application started from its jar as a child process (java -jar, the JVM's defaults, as bin/run-local starts
 * it), with its own ports, data directory and plain-text log file. Readiness is the actuator's readiness group on
 * the management port.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    final String name;
    /** The gRPC port of a service, the HTTP port of the gateway. */
    final int port;
    final int managementPort;
    private final Process process;
    private final long startNanos;
    private double startToHealthySeconds = -1;

    private ServiceProcess(String name, int port, int managementPort, Process process, long startNanos) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code module}'s jar with its port in {@code portVariable} (GRPC_PORT, or GATEWAY_PORT for the
     * gateway); {@code env} adds to (or overrides) the harness's environment. With {@code jfr} it records a JFR
     * profile into {@code logDir}, written when it stops.
     */
    static ServiceProcess start(Path root, String module, String name, String portVariable, Path dataDir,
            Path logDir, boolean jfr, Map<String, String> env) throws IOException {
        Path jar = jar(root, module);
        int port = freePort();
        int managementPort = freePort();
        Files.createDirectories(dataDir);
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of(JAVA));
        if (jfr) {
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + logDir.resolve(name + ".jfr").toAbsolutePath());
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile());
        builder.environment().putAll(Map.of(
                portVariable, Integer.toString(port),
                "MANAGEMENT_PORT", Integer.toString(managementPort),
                "EXCEED_DATA_DIR", dataDir.toString(),
                "EXCEED_LOG_FORMAT", ""));
        builder.environment().putAll(env);
        long startNanos = System.nanoTime();
        return new ServiceProcess(name, port, managementPort, builder.start(), startNanos);
    }

    /** host:port, as the other applications' *_SERVICE_TARGET settings take it. */
    String target() {
        return "127.0.0.1:" + port;
    }

    static Path jar(Path root, String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("no " + target + ": build the jars first (bin/bench does)");
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String file = f.getFileName().toString();
                return file.startsWith(module + "-") && file.endsWith(".jar") && !file.endsWith("-plain.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                    + ": build the jars first (bin/bench does)"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the readiness group reports UP; the time since the process started is its start→healthy. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was healthy;"
                        + " see its log");
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    startToHealthySeconds = (System.nanoTime() - startNanos) / 1e9;
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; see its log");
    }

    double startToHealthySeconds() {
        return startToHealthySeconds;
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

    /** SIGTERM (the services drain and stop), then a kill if it takes longer than the shutdown grace period. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
