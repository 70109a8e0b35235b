package io.exceed.launcher;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Exceed application run from its packaged jar as a child process, as {@code bin/run-local} runs it: its own
 * port and management port (chosen once, so a restart is found where it was), the environment and Spring
 * properties it is given, and a log file it appends to. Ready is the actuator readiness group on the management
 * port. Shared by the system tests and the benchmark harness.
 */
public final class JarApplication {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final Duration POLL = Duration.ofMillis(50);
    /** Below this are well-known and registered ports other software on the machine may listen on. */
    private static final int LOWEST_PORT = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path jar;
    private final Path log;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private Process process;
    private long startNanos;
    private double startToReadySeconds = -1;

    /**
     * @param root   the repository root, where {@code <module>/target/<module>-*.jar} is
     * @param module the application's Maven module, e.g. {@code followup-service}
     * @param name   what to call this instance (several replicas of one module need different names)
     * @param logs   the directory its log file {@code <name>.log} goes to
     */
    public JarApplication(Path root, String module, String name, Path logs) throws IOException {
        this.name = name;
        this.jar = jar(root, module);
        this.log = logs.resolve(name + ".log");
        this.port = freePort();
        this.managementPort = freePort();
    }

    public String name() {
        return name;
    }

    /** The gRPC port of a service, the HTTP port of the gateway: hand it over with {@link #env}. */
    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    /** host:port, as the other applications' {@code *_SERVICE_TARGET} settings take it. */
    public String target() {
        return "localhost:" + port;
    }

    public JarApplication env(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /** A Spring property for this run only, e.g. a shorter backoff, passed as a command-line argument. */
    public JarApplication property(String name, String value) {
        arguments.add("--" + name + "=" + value);
        return this;
    }

    /** A JVM option, e.g. a flight recording; none by default, so the JVM runs as bin/run-local runs it. */
    public JarApplication jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Starts the process (again, after {@link #stop}); {@link #awaitReady} times start to ready from here. */
    public void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        startNanos = System.nanoTime();
        startToReadySeconds = -1;
        process = builder.start();
    }

    /**
     * Waits until the readiness group answers 200 (at once if it did since the last start); fails at once if the
     * process exits first.
     *
     * @return seconds from {@link #start} to ready
     */
    public double awaitReady(Duration timeout) throws InterruptedException {
        if (startToReadySeconds >= 0) {
            return startToReadySeconds;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        URI readiness = URI.create("http://localhost:" + managementPort + "/actuator/health/readiness");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    startToReadySeconds = (System.nanoTime() - startNanos) / 1e9;
                    return startToReadySeconds;
                }
            } catch (IOException notListeningYet) {
                // the management port opens late in the start
            }
            Thread.sleep(POLL);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /** Seconds from the last start to ready, -1 until {@link #awaitReady} saw it ready. */
    public double startToReadySeconds() {
        return startToReadySeconds;
    }

    /** The running process, for what only the caller measures (CPU time, memory); empty before the first start. */
    public Optional<Process> process() {
        return Optional.ofNullable(process);
    }

    /** Stops the application as Kubernetes would (SIGTERM, then drain), killing it after a minute. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the application at once, as a crash or the OOM killer would (SIGKILL on Linux): no shutdown hook, no
     * drain, nothing flushed. Returns when the process is gone.
     */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    private static Path jar(Path root, String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("no " + target + ": package the applications first (./mvnw -B verify"
                    + " or bin/bench do)");
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                String fileName = file.getFileName().toString();
                return fileName.startsWith(module + "-") && fileName.endsWith(".jar")
                        && !fileName.endsWith("-plain.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                    + ": package the applications first (./mvnw -B verify or bin/bench do)"));
        }
    }

    /**
     * A port free right now, for a listener of an application, below the kernel's ephemeral range. A port from that
     * range (what {@code new ServerSocket(0)} gives) can be taken before the application binds it: as the source port
     * of any outgoing connection, by an embedded store binding port 0, or by a client's retry connecting to the
     * not-yet-listening port itself (a TCP self-connect). Each port is handed out once per process.
     */
    public static int freePort() throws IOException {
        int ephemeralFrom = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && ephemeralFrom > LOWEST_PORT; attempt++) {
            int candidate = LOWEST_PORT + ThreadLocalRandom.current().nextInt(ephemeralFrom - LOWEST_PORT);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(candidate));
                return candidate;
            } catch (BindException taken) {
                // in use: try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        }
    }

    /**
     * The first port of the kernel's ephemeral range; Linux's default where it cannot be read. Read by lines: procfs
     * reports a size of 0, and {@code Files.readString} returned only its first byte.
     */
    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }
}
