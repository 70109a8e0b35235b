package io.exceed.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.FileSystemUtils;

/**
 * Everything about the images that can be checked without a registry or a Docker daemon: each application's
 * packaged jar has the layers k8s/Dockerfile copies, extracting it the way the Dockerfile does and laying the
 * layers over each other the way its COPY lines do gives a directory from which the ENTRYPOINT starts the
 * application, and the JVM accepts the image's flags.
 */
class ContainerImageTest {

    private static Path repoRoot;
    private static Dockerfile dockerfile;
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @BeforeAll
    static void readDockerfile() throws IOException {
        repoRoot = KubernetesManifestsTest.findRepoRoot();
        dockerfile = Dockerfile.read(repoRoot);
    }

    static Stream<String> apps() {
        return KubernetesManifestsTest.APPS.stream();
    }

    @ParameterizedTest
    @MethodSource("apps")
    void theJarHasExactlyTheLayersTheImageCopies(String app) throws Exception {
        PackagedApplication jar = PackagedApplication.read(repoRoot, app);
        Result layers = run(List.of(JAVA, "-Djarmode=tools", "-jar", jar.jar().toString(), "list-layers"),
                repoRoot, Map.of());
        assertThat(layers.exitCode()).as("list-layers of %s:\n%s", app, layers.output()).isZero();
        assertThat(layers.output().lines().map(String::strip).filter(line -> !line.isEmpty()))
                .as("the jar's layers, in the order the Dockerfile copies them (least often changed first)")
                .containsExactlyElementsOf(dockerfile.copiedLayers());
    }

    @ParameterizedTest
    @MethodSource("apps")
    void theEntryPointStartsTheApplicationFromTheCopiedLayers(String app, @TempDir Path build) throws Exception {
        PackagedApplication jar = PackagedApplication.read(repoRoot, app);
        // The build stage: `java -Djarmode=tools -jar app.jar extract ... --destination extracted`, in /build.
        List<String> extract = new ArrayList<>(List.of(JAVA, "-Djarmode=tools", "-jar", jar.jar().toString()));
        extract.addAll(dockerfile.extractCommand());
        Result extracted = run(extract, build, Map.of());
        assertThat(extracted.exitCode()).as("extracting %s:\n%s", app, extracted.output()).isZero();
        // The final stage: each COPY lays one layer over WORKDIR.
        Path workdir = build.resolve("image" + dockerfile.workdir());
        Files.createDirectories(workdir);
        for (String layer : dockerfile.copiedLayers()) {
            Path source = build.resolve("extracted").resolve(layer);
            assertThat(source).as("layer %s extracted from %s", layer, app).isDirectory();
            FileSystemUtils.copyRecursively(source, workdir);
        }
        List<String> entrypoint = dockerfile.entrypoint();
        assertThat(entrypoint).as("ENTRYPOINT [\"java\", <launcher>]").hasSize(2).first().isEqualTo("java");
        assertThat(workdir.resolve(entrypoint.get(1).replace('.', '/') + ".class")).as("the entry point class")
                .isRegularFile();
        assertThat(workdir.resolve("BOOT-INF/classes/" + jar.startClass().replace('.', '/') + ".class"))
                .as("the application's Start-Class").isRegularFile();

        // Starts it as the image would, up to a refreshed context (every bean created, no port opened), then
        // exits: spring.context.exit=onRefresh, the switch Spring's own CDS training runs use.
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Result started = run(List.of(JAVA, entrypoint.get(1)), workdir, Map.of(
                "JAVA_TOOL_OPTIONS", dockerfile.javaToolOptions() + " -Dspring.context.exit=onRefresh",
                "EXCEED_DATA_DIR", build.resolve("data").toString(),
                "EXCEED_LOG_FORMAT", "",
                "EXCEED_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(key)));
        String startClass = jar.startClass().substring(jar.startClass().lastIndexOf('.') + 1);
        assertThat(started.exitCode()).as("%s started from the image's layers:\n%s", app, started.output()).isZero();
        assertThat(started.output()).contains("Picked up JAVA_TOOL_OPTIONS: " + dockerfile.javaToolOptions())
                .contains("Starting " + startClass);
    }

    @Test
    void theJvmTakesItsHeapAsAShareOfTheContainersMemory() throws Exception {
        Result flags = run(List.of(JAVA, "-XX:+PrintFlagsFinal", "-version"), repoRoot,
                Map.of("JAVA_TOOL_OPTIONS", dockerfile.javaToolOptions()));
        assertThat(flags.exitCode()).as(flags.output()).isZero();
        String percentage = dockerfile.javaToolOptions().replaceAll(".*-XX:MaxRAMPercentage=(\\d+).*", "$1");
        assertThat(percentage).as("-XX:MaxRAMPercentage in the image's JAVA_TOOL_OPTIONS").matches("\\d+");
        // {environment}: taken from JAVA_TOOL_OPTIONS, as in the container.
        assertThat(flags.output())
                .containsPattern("double MaxRAMPercentage\\s+= " + percentage + "\\.0+\\s+\\{product}\\s+\\{environment}")
                .containsPattern("bool ExitOnOutOfMemoryError\\s+= true\\s+\\{product}\\s+\\{environment}");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path directory, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("image-check", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after 3 minutes: " + command + "\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
