package io.exceed.system;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

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

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.exceed.launcher.JarApplication;

/**
 * The whole platform as a user runs it locally: customer-service, feedback-service, followup-service and the
 * gateway from their jars, started once for all system tests and stopped when the test JVM exits. The three services
 * keep their databases on one fresh embedded store (the same mongo-java-server they would start themselves) that the
 * tests host, and so does the gateway (its own database there), so a test can read what any of them stored with the
 * driver; logs go under {@code target/system-tests/<run>}.
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
    private final MongoServer store = new MongoServer(new MemoryBackend());
    /** Plays the SMS provider (Twilio) on loopback: tenants' texts go here, never to a real provider. */
    final WireMockServer smsProvider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final MongoClient storeClient;

    private Platform(Path root, Path run) throws IOException {
        Path data = run.resolve("data");
        Path logs = run.resolve("logs");
        Files.createDirectories(data);
        Files.createDirectories(logs);
        byte[] key = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        byte[] mailKey = new byte[32];
        random.nextBytes(mailKey);
        byte[] token = new byte[24];
        random.nextBytes(token);
        operatorToken = HexFormat.of().formatHex(token);

        customers = application("customer-service", root, logs);
        feedback = application("feedback-service", root, logs);
        followUps = application("followup-service", root, logs);
        gateway = application("gateway", root, logs);
        String storeUri = store.bindAndGetConnectionString();
        smsProvider.start();
        storeClient = MongoClients.create(storeUri);
        for (JarApplication service : List.of(customers, feedback, followUps)) {
            service.env("GRPC_PORT", Integer.toString(service.port()))
                    .env("MONGODB_URI", storeUri)
                    .env("EXCEED_STORAGE_EXACT_KEY_INDEXES", "true");
        }
        partnerGrpcPort = JarApplication.freePort();
        gateway.env("GATEWAY_PORT", Integer.toString(gateway.port()))
                .env("MONGODB_URI", storeUri)
                .env("GATEWAY_GRPC_PORT", Integer.toString(partnerGrpcPort))
                .env("EXCEED_GATEWAY_OPERATOR_TOKEN", operatorToken)
                .env("CUSTOMER_SERVICE_TARGET", customers.target())
                .env("FEEDBACK_SERVICE_TARGET", feedback.target())
                .env("FOLLOWUP_SERVICE_TARGET", followUps.target());
        feedback.env("FOLLOWUP_SERVICE_TARGET", followUps.target())
                .env("EXCEED_SURVEY_LINK_BASE", "http://localhost:" + gateway.port() + "/s/")
                .env("CUSTOMER_SERVICE_TARGET", customers.target())
                // Tenants may set an e-mail channel (to a GreenMail server on loopback) and have e-mail sent.
                .env("EXCEED_MAIL_SECRET_KEY", Base64.getEncoder().encodeToString(mailKey))
                .env("EXCEED_SMS_PROVIDER_BASE_URL", "http://127.0.0.1:" + smsProvider.port())
                // An outage in a test lasts seconds; the default backoff (up to 5 min) would outlast the test.
                .property("exceed.feedback.events.playbooks.delivery.max-backoff", "2s")
                .property("exceed.feedback.events.relationship.delivery.max-backoff", "2s")
                .property("exceed.feedback.recovery.delivery.max-backoff", "2s")
                // The recovery survey follows a resolution at once here, not days later.
                .property("exceed.feedback.recovery.delay", "0s")
                // A killed replica's e-mails are taken over when their lease ends; sending to a mail server on
                // loopback takes milliseconds, so seconds are ample here.
                .property("exceed.feedback.mail.lease", "10s");
        followUps.env("CUSTOMER_SERVICE_TARGET", customers.target())
                .env("EXCEED_WEBHOOK_SECRET_KEY", Base64.getEncoder().encodeToString(key))
                // The tenants' webhook receivers are WireMock servers on loopback, over plain http.
                .property("exceed.followup.webhooks.allow-http", "true")
                .property("exceed.followup.webhooks.allowed-hosts", "127.0.0.1");
        customers.env("FEEDBACK_SERVICE_TARGET", feedback.target())
                .env("FOLLOWUP_SERVICE_TARGET", followUps.target())
                // Stale expectations are looked for every few seconds, so a test sees its customer's within a minute.
                .env("EXCEED_STALE_EXPECTATIONS_SWEEP_INTERVAL", "2s")
                .property("exceed.customer.events.playbooks.delivery.max-backoff", "2s")
                // Pending erasure parts are retried within a test's patience, not the default 5 s and more.
                .property("exceed.customer.erasure.retry-interval", "500ms")
                .property("exceed.customer.erasure.first-backoff", "1s");
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

    /** The database {@code service} (customer-service, feedback-service, followup-service or gateway) keeps its data in. */
    MongoDatabase database(JarApplication service) {
        return storeClient.getDatabase(service.name());
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
        storeClient.close();
        store.shutdownNow();
        smsProvider.stop();
    }
}
