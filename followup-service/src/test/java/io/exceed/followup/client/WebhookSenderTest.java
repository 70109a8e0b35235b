package io.exceed.followup.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.AttemptResult.Outcome;
import io.exceed.followup.domain.webhook.WebhookSecret;
import io.exceed.followup.domain.webhook.WebhookSignature;
import io.exceed.followup.domain.webhook.WebhookUrlPolicy;

class WebhookSenderTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(700);
    private static final byte[] BODY = "{\"type\":\"followup.due\",\"data\":{\"id\":\"f_1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final WireMockExtension receiver = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final WebhookSender sender = new WebhookSender(
            new WebhookUrlPolicy(true, List.of("127.0.0.1", "localhost")), CONNECT_TIMEOUT, ATTEMPT_TIMEOUT, 16);

    @AfterEach
    void closeSender() {
        sender.close();
    }

    @Test
    void a2xxIsDeliveredWithTheSignatureHeadersAndTheBody() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
        Map<String, String> headers = WebhookSignature.headers(
                "msg_1", Instant.now(), BODY, List.of(WebhookSecret.generate()));

        AttemptResult result = sender.send(url("/hook"), headers, BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(204);
        assertThat(result.retryable()).isFalse();
        assertThat(result.error()).isEmpty();
        assertThat(result.latency()).isPositive();
        receiver.verify(1, postRequestedFor(urlEqualTo("/hook"))
                .withHeader("webhook-id", equalTo("msg_1"))
                .withHeader("webhook-timestamp", equalTo(headers.get("webhook-timestamp")))
                .withHeader("webhook-signature", equalTo(headers.get("webhook-signature")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("Exceed-Webhooks/1"))
                .withRequestBody(binaryEqualTo(BODY)));
    }

    @Test
    void reachesAnAllowListedHostName() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withBody("ok")));

        AttemptResult result = sender.send(
                "http://localhost:" + receiver.getPort() + "/hook", Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 408, 429})
    void serverErrorsTimeoutAndThrottlingAreRetryable(int status) {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(status).withBody("busy")));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE_STATUS);
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(result.retryable()).isTrue();
        assertThat(result.retryAfter()).isEmpty();
        assertThat(result.error()).isEqualTo("HTTP " + status + ": busy");
    }

    @Test
    void aClientErrorIsRejectedAndNotRetried() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(400).withBody("unknown event type")));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(result.retryable()).isFalse();
        assertThat(result.error()).isEqualTo("HTTP 400: unknown event type");
    }

    @Test
    void theErrorQuotesAtMost200CharactersOfTheBody() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(410).withBody("x".repeat(10_000))));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.error()).isEqualTo("HTTP 410: " + "x".repeat(200));
    }

    @Test
    void honoursRetryAfterInSeconds() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE_STATUS);
        assertThat(result.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() {
        String twoMinutesAhead = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Instant.now().plusSeconds(120).atZone(ZoneOffset.UTC));
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", twoMinutesAhead)));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE_STATUS);
        assertThat(result.retryAfter()).hasValueSatisfying(wait -> assertThat(wait)
                .isBetween(Duration.ofSeconds(110), Duration.ofSeconds(120)));
    }

    @Test
    void aReceiverSlowerThanTheAttemptTimeoutTimesOut() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(result.httpStatus()).isZero();
        assertThat(result.retryable()).isTrue();
        assertThat(result.latency()).isLessThan(ATTEMPT_TIMEOUT.plusMillis(800));
    }

    /**
     * The socket read timeout alone would never fire here: a byte arrives every 100 ms. Only the whole-attempt
     * deadline ends this attempt.
     */
    @Test
    void aReceiverTricklingItsResponseIsCutOffAtTheAttemptTimeout() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> trickle(trickler));

            AttemptResult result = sender.send(
                    "http://127.0.0.1:" + trickler.getLocalPort() + "/hook", Map.of(), BODY);

            assertThat(result.outcome()).isEqualTo(Outcome.TIMEOUT);
            assertThat(result.latency()).isLessThan(ATTEMPT_TIMEOUT.plusMillis(800));
        }
    }

    @Test
    void aRedirectIsRejectedAndNotFollowed() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(result.retryable()).isFalse();
        assertThat(result.error())
                .isEqualTo("HTTP 302 redirect to http://169.254.169.254/latest/meta-data/ not followed");
    }

    @Test
    void aRedirectToAnotherPathIsNotFollowedEither() {
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(307).withHeader("Location", url("/moved"))));
        receiver.stubFor(post("/moved").willReturn(aResponse().withStatus(200)));

        AttemptResult result = sender.send(url("/hook"), Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
        receiver.verify(0, postRequestedFor(urlEqualTo("/moved")));
    }

    @Test
    void aClosedPortIsAConnectionError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        AttemptResult result = sender.send("http://127.0.0.1:" + closedPort + "/hook", Map.of(), BODY);

        assertThat(result.outcome()).isEqualTo(Outcome.CONNECTION_ERROR);
        assertThat(result.httpStatus()).isZero();
        assertThat(result.retryable()).isTrue();
        assertThat(result.error()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void aLoopbackReceiverIsRefusedUnlessAllowListed(String host) {
        receiver.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));

        try (WebhookSender strict = new WebhookSender(
                new WebhookUrlPolicy(true, List.of()), CONNECT_TIMEOUT, ATTEMPT_TIMEOUT, 16)) {
            AttemptResult result = strict.send("http://" + host + ":" + receiver.getPort() + "/hook", Map.of(), BODY);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED_ADDRESS);
            assertThat(result.retryable()).isFalse();
            assertThat(result.error()).startsWith("webhook host " + host + " resolves to ")
                    .contains(", a loopback address (");
        }
        receiver.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void plainHttpIsRefusedWhenThePolicyRequiresHttps() {
        try (WebhookSender httpsOnly = new WebhookSender(
                new WebhookUrlPolicy(false, List.of("127.0.0.1")), CONNECT_TIMEOUT, ATTEMPT_TIMEOUT, 16)) {
            AttemptResult result = httpsOnly.send(url("/hook"), Map.of(), BODY);

            assertThat(result.outcome()).isEqualTo(Outcome.REFUSED_ADDRESS);
            assertThat(result.error()).isEqualTo("url must use https");
        }
        receiver.verify(0, anyRequestedFor(anyUrl()));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + receiver.getPort() + path;
    }

    /** Accepts one connection and sends a response one byte every 100 ms, for far longer than any timeout. */
    private static void trickle(ServerSocket server) {
        try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
            byte[] response = ("HTTP/1.1 200 OK\r\nX-Padding: " + "x".repeat(100) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (byte b : response) {
                out.write(b);
                out.flush();
                Thread.sleep(100);
            }
        } catch (IOException hungUpOn) {
            // The sender gave up and closed the connection, as it should.
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }
}
