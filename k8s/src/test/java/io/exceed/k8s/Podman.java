package io.exceed.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line, daemonless. Each call gets a containers.conf of its own (CONTAINERS_CONF) unless the
 * caller's environment names one: runc as the runtime where it is installed (crun refuses hosts with hybrid
 * cgroups, as on CI's machines), and rlimits no higher than this process's own, which a container may not raise
 * where the sandbox lacks CAP_SYS_RESOURCE.
 */
final class Podman {

    record Result(int exitCode, String output) {

        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path containersConf;

    private Podman(Path containersConf) {
        this.containersConf = containersConf;
    }

    static boolean onPath() {
        try {
            Process process = new ProcessBuilder("podman", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A podman whose containers.conf, if the environment names none, is written into dir. */
    static Podman configured(Path dir) throws IOException, InterruptedException {
        if (System.getenv("CONTAINERS_CONF") != null) {
            return new Podman(null);
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("containers.conf");
        String limits = shell("ulimit -n; ulimit -u").output();
        List<String> ulimits = new ArrayList<>();
        String[] values = limits.strip().split("\\s+");
        if (values.length == 2) {
            if (values[0].matches("\\d+")) {
                ulimits.add("\"nofile=" + values[0] + ":" + values[0] + "\"");
            }
            if (values[1].matches("\\d+")) {
                ulimits.add("\"nproc=" + values[1] + ":" + values[1] + "\"");
            }
        }
        boolean runc = shell("command -v runc").ok();
        Files.writeString(conf, """
                # Written by the k8s module's PodmanPodTest (Podman.java): see there why.
                [engine]
                %s
                [containers]
                default_ulimits = [%s]
                """.formatted(runc ? "runtime = \"runc\"" : "", String.join(", ", ulimits)));
        return new Podman(conf);
    }

    /** Runs a script that calls podman itself, with the same configuration; its standard output only. */
    Result script(Duration timeout, Path script, Path errors) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(script.toString()).redirectError(errors.toFile());
        if (containersConf != null) {
            builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after " + timeout + ": " + script);
        }
        return new Result(process.exitValue(), output);
    }

    Result run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        return run(timeout, List.of(arguments));
    }

    Result run(Duration timeout, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (containersConf != null) {
            builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        }
        Path output = Files.createTempFile("podman", ".log");
        try {
            Process process = builder.redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeout + ": " + command + "\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Result shell(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return new Result(process.exitValue(), output);
    }
}
