package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonParser;

/**
 * Two gateway replicas that share one Redis enforce one budget per tenant. The test starts a real
 * {@code redis-server} on a free port (skipped when none is installed: {@code apt-get install redis-server}).
 */
class GatewaySharedRateLimitTest {

    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
    private Process redis;

    @AfterEach
    void stop() throws InterruptedException {
        gateways.forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void replicasSharingRedisEnforceOneBudgetAndLetCallsThroughWhenItIsGone(@TempDir Path dataA, @TempDir Path dataB)
            throws Exception {
        Optional<Path> redisServer = onPath("redis-server");
        Assumptions.assumeTrue(redisServer.isPresent(),
                "redis-server is not installed (apt-get install redis-server): shared rate limits not tested");
        int redisPort = freePort();
        redis = new ProcessBuilder(redisServer.get().toString(), "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(redisPort);
        FakeBackends.start();

        WebTestClient a = start(dataA, redisPort);
        WebTestClient b = start(dataB, redisPort);
        WebTestClient callerOnA = withKey(a);
        WebTestClient callerOnB = withKey(b);

        long remaining = 3;
        for (WebTestClient replica : List.of(callerOnA, callerOnB, callerOnA, callerOnB)) {
            long expected = remaining--;
            replica.get().uri("/v1/customers/c-1").exchange()
                    .expectStatus().isOk()
                    .expectHeader().value("RateLimit",
                            value -> RateLimitHeaders.assertRemaining(value, "tenant", expected, (4 - expected) * 3600));
        }
        callerOnA.get().uri("/v1/customers/c-1").exchange().expectStatus().isEqualTo(429);
        callerOnB.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> RateLimitHeaders.assertSeconds(value, 3600));

        // Without Redis the limits cannot be checked; the API stays up, unlimited and without the headers.
        redis.destroy();
        assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();
        callerOnA.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("RateLimit");
    }

    private WebTestClient start(Path dataDir, int redisPort) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0", "--management.server.port=0",
                "--exceed.storage.data-dir=" + dataDir, "--exceed.storage.database=gateway-shared",
                "--exceed.gateway.operator-token=" + GatewayTestBase.OPERATOR_TOKEN,
                "--exceed.gateway.deadline=5s",
                "--exceed.gateway.backends.customer-service=" + FakeBackends.customerTarget(),
                "--exceed.gateway.backends.followup-service=" + FakeBackends.followUpTarget(),
                "--exceed.gateway.backends.feedback-service=" + FakeBackends.deadTarget(),
                "--exceed.gateway.rate-limits.redis-url=redis://127.0.0.1:" + redisPort,
                "--exceed.gateway.rate-limits.tenant.capacity=4",
                "--exceed.gateway.rate-limits.tenant.refill-tokens=1",
                "--exceed.gateway.rate-limits.tenant.refill-period=1h");
        gateways.add(context);
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port")).build();
    }

    /** A key of tenant {@code shared} issued by that replica (each replica here has its own key store). */
    private static WebTestClient withKey(WebTestClient gateway) {
        byte[] created = gateway.post().uri("/admin/v1/tenants/shared/apiKeys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + GatewayTestBase.OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"replica key\", \"scopes\": [\"customers:read\"]}")
                .exchange()
                .expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String key = JsonParser.parseString(new String(created, StandardCharsets.UTF_8)).getAsJsonObject()
                .get("key").getAsString();
        return gateway.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key).build();
    }

    private static Optional<Path> onPath(String binary) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, binary))
                .filter(candidate -> candidate.toFile().canExecute())
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void awaitListening(int port) {
        await("redis-server listens on " + port).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                        return true;
                    }
                });
    }
}
