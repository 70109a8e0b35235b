package io.exceed.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.exceed.launcher.JarApplication;

/**
 * The whole platform as a user runs it locally: customer-service, feedback-service, followup-service and the
 * gateway from their jars, on fresh embedded storage under {@code target/system-tests/<run>}, started once for
 * all system tests and stopped when the test JVM exits.
 */
final class Platform {

    private static Platform instance;

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    final JarApplication customers;
    final JarApplication feedback;
    final JarApplication followUps;
    final JarApplication gateway;
    final String operatorToken;
    final int partnerGrpcPort;

    private Platform(Path root, Path run) throws IOException {
        Path data = run.resolve("data");
        Path logs = run.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        byte[] token = new byte[24];
        random.nextBytes(token);
        operatorToken = HexFormat.of().formatHex(token);

        customers = application("customer-service", root, logs);
        feedback = application("feedback-service", root, logs);
        followUps = application("followup-service", root, logs);
        gateway = application("gateway", root, logs);
        for (JarApplication service : List.of(customers, feedback, followUps)) {
            service.env("GRPC_PORT", Integer.toString(service.port()));
        }
        partnerGrpcPort = JarApplication.freePort();
        gateway.env("GATEWAY_PORT", Integer.toString(gateway.port()))
                .env("GATEWAY_GRPC_PORT", Integer.toString(partnerGrpcPort))
                .env("EXCEED_GATEWAY_OPERATOR_TOKEN", operatorToken)
                .env("CUSTOMER_SERVICE_TARGET", customers.target())
                .env("FEEDBACK_SERVICE_TARGET", feedback.target())
                .env("FOLLOWUP_SERVICE_TARGET", followUps.target());
        feedback.env("FOLLOWUP_SERVICE_TARGET", followUps.target())
                .env("EXCEED_SURVEY_LINK_BASE", "http://localhost:" + gateway.port() + "/s/")
                .env("CUSTOMER_SERVICE_TARGET", customers.target())
                // An outage in a test lasts seconds; the default backoff (up to 5 min) would outlast the test.
                .property("exceed.feedback.events.playbooks.delivery.max-backoff", "2s");
        followUps.env("CUSTOMER_SERVICE_TARGET", customers.target())
                .env("EXCEED_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        for (JarApplication application : all()) {
            application.env("MANAGEMENT_PORT", Integer.toString(application.managementPort()))
                    .env("EXCEED_DATA_DIR", data.toString())
                    .env("EXCEED_LOG_FORMAT", "");
        }
    }

    /** Tests start many JVMs and run them briefly: C1 only and smaller stacks start them faster. */
    private static JarApplication application(String module, Path root, Path logs) throws IOException {
        return new JarApplication(root, module, module, logs).jvmOption("-XX:TieredStopAtLevel=1")
                .jvmOption("-Xss512k");
    }

    static synchronized Platform started() {
        if (instance == null) {
            try {
                Path root = Path.of("").toAbsolutePath().getParent();
                Path run = Path.of("target", "system-tests", Instant.now().toString().replace(':', '-'))
                        .toAbsolutePath();
                Platform platform = new Platform(root, run);
                Runtime.getRuntime().addShutdownHook(new Thread(platform::stopAll));
                // One at a time: on two cores, four JVMs starting at once take longer than one after another.
                for (JarApplication application : platform.all()) {
                    application.start();
                    application.awaitReady(READY_WITHIN);
                }
                instance = platform;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the platform", e);
            }
        }
        return instance;
    }

    List<JarApplication> all() {
        return List.of(customers, feedback, followUps, gateway);
    }

    String gatewayUrl() {
        return "http://localhost:" + gateway.port();
    }

    void restart(JarApplication application) throws IOException, InterruptedException {
        application.start();
        application.awaitReady(READY_WITHIN);
    }

    private void stopAll() {
        all().reversed().forEach(JarApplication::stop);
    }
}
