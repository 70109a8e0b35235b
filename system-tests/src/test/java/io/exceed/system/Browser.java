package io.exceed.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The end-to-end scripts under {@code src/test/e2e} (Node with playwright-core, pinned in its package-lock.json)
 * driving the system's headless Chromium, never a browser Playwright downloads. Without node, npm or chromium the
 * calling test is skipped, saying what is missing; {@code .ci/run} installs them. Screenshots go to
 * {@code target/screenshots/}.
 */
final class Browser {

    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final Path SOURCES = Path.of("src", "test", "e2e").toAbsolutePath();
    private static final Path WORK = Path.of("target", "e2e").toAbsolutePath();
    private static final List<String> CHROMIUMS = List.of("chromium", "chromium-browser", "google-chrome");

    record Run(int exitCode, String output) {
    }

    private final Path node;
    private final Path chromium;

    private Browser(Path node, Path chromium) {
        this.node = node;
        this.chromium = chromium;
    }

    /** The tools, installed once per run with {@code npm ci}; skips the calling test when any is absent. */
    static synchronized Browser required() {
        Optional<Path> node = onPath("node");
        Optional<Path> npm = onPath("npm");
        Optional<Path> chromium = CHROMIUMS.stream().map(Browser::onPath).flatMap(Optional::stream).findFirst();
        assumeTrue(node.isPresent() && npm.isPresent(), "the web pages' end-to-end tests need node and npm on the"
                + " PATH (apt-get install nodejs npm); skipped");
        assumeTrue(chromium.isPresent(), "the web pages' end-to-end tests need Chromium on the PATH (apt-get install"
                + " chromium); skipped");
        try {
            install(npm.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Browser(node.get(), chromium.get());
    }

    /** Copies the scripts to target/e2e and installs the locked playwright-core there, unless it already is. */
    private static void install(Path npm) throws IOException {
        Files.createDirectories(WORK);
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path installedLock = WORK.resolve("node_modules").resolve(".package-lock.json");
        if (Files.exists(installedLock) && Files.readString(installedLock).contains(lockedVersion())) {
            return;
        }
        Run install = exec(List.of(npm.toString(), "ci", "--no-audit", "--no-fund"),
                Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"), 300);
        if (install.exitCode() != 0) {
            throw new AssertionError("npm ci failed in " + WORK + ":\n" + install.output());
        }
    }

    private static String lockedVersion() throws IOException {
        String lock = Files.readString(SOURCES.resolve("package-lock.json"));
        int at = lock.indexOf("\"node_modules/playwright-core\"");
        int version = lock.indexOf("\"version\"", at);
        return lock.substring(version, lock.indexOf(',', version));
    }

    /** Runs one script with the gateway's URL and the given environment; its output names each check. */
    Run script(String script, String baseUrl, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(environment);
        all.put("BASE_URL", baseUrl);
        all.put("CHROMIUM", chromium.toString());
        all.put("SCREENSHOTS", SCREENSHOTS.toString());
        try {
            return exec(List.of(node.toString(), script), all, 240);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run exec(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(')');
            }
        });
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
        return new Run(process.exitValue(), output.toString());
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String directory : path.split(File.pathSeparator)) {
            candidates.add(Path.of(directory, program));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
