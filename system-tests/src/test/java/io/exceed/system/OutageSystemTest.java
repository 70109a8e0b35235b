package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.exceed.launcher.JarApplication;

/**
 * Story 6, outage: with feedback-service stopped the 360 view still answers, its feedback section marked unavailable,
 * and customer-service's breaker for feedback-service opens; with customer-service itself stopped the gateway answers
 * a fast 503 with Retry-After and its own breaker for customer-service opens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutageSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    /** A restarted service answers slowly at first, which may open a half-open breaker again for a while. */
    private static final Duration BACK_AFTER_RESTART = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    private static Map<String, JsonObject> sections(JsonObject view) {
        Map<String, JsonObject> sections = new HashMap<>();
        for (JsonElement section : view.getAsJsonArray("sections")) {
            sections.put(section.getAsJsonObject().get("name").getAsString(), section.getAsJsonObject());
        }
        return sections;
    }

    private static String availability(JsonObject view, String section) {
        return sections(view).get(section).get("availability").getAsString();
    }

    /** Whether the application's Prometheus page shows the breaker for {@code target} in {@code state}. */
    private static boolean breakerIs(JarApplication application, String target, String state) throws IOException,
            InterruptedException {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + application.managementPort() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().anyMatch(line -> line.startsWith("resilience4j_circuitbreaker_state{")
                && line.contains("name=\"" + target + "\"") && line.contains("state=\"" + state + "\"")
                && line.endsWith(" 1.0"));
    }

    @Test
    void theCustomerViewOutlivesFeedbackServiceAndTheGatewayFailsFastWithoutCustomerService() throws Exception {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Outage Olle', 'accountOwner':"
                + " 'maria@shop.example', 'timeZone': 'Europe/Stockholm'}")).ok().get("id").getAsString();
        rest.post("/v1/customers/" + customerId + "/expectations", json("{'dimensionLevels': [{'dimension':"
                + " 'SERVICE_DIMENSION_RELIABILITY', 'expectedLevel': 80}], 'source': 'EXPECTATION_SOURCE_SURVEY'}")).ok();
        String viewPath = "/v1/customers/" + customerId + ":view";

        // A first call may outlast the 2 s client deadline while the services warm up on a loaded machine.
        JsonObject whole = await("the whole view").atMost(PLATFORM_REACTS).until(() -> rest.get(viewPath).ok(),
                view -> sections(view).values().stream().allMatch(section -> section.get("availability")
                        .getAsString().equals("SECTION_AVAILABILITY_AVAILABLE")));
        assertThat(whole.getAsJsonArray("sections")).hasSize(4);

        platform.feedback.stop();
        try {
            JsonObject partial = rest.get(viewPath).ok();
            assertThat(availability(partial, "feedback")).isEqualTo("SECTION_AVAILABILITY_UNAVAILABLE");
            assertThat(sections(partial).get("feedback").get("reason").getAsString()).startsWith("feedback-service");
            assertThat(availability(partial, "expectations")).isEqualTo("SECTION_AVAILABILITY_AVAILABLE");
            assertThat(availability(partial, "follow_ups")).isEqualTo("SECTION_AVAILABILITY_AVAILABLE");
            assertThat(partial.getAsJsonObject("customer").get("displayName").getAsString()).isEqualTo("Outage Olle");
            assertThat(partial.getAsJsonObject("latestExpectations")).isNotNull();
            // Every view asked while feedback-service is down is a failed call; enough of them open the breaker.
            await("customer-service's breaker for feedback-service opens").atMost(PLATFORM_REACTS)
                    .until(() -> rest.get(viewPath).status() == 200 && breakerIs(platform.customers,
                            "feedback-service", "open"));
            JsonObject refused = rest.get(viewPath).ok();
            assertThat(sections(refused).get("feedback").get("reason").getAsString()).contains("circuit breaker");
        } finally {
            platform.restart(platform.feedback);
        }
        await("the feedback section is back once the breaker lets calls through").atMost(BACK_AFTER_RESTART)
                .until(() -> availability(rest.get(viewPath).ok(), "feedback").equals("SECTION_AVAILABILITY_AVAILABLE"));

        platform.customers.stop();
        try {
            Rest.Reply down = rest.get("/v1/customers/" + customerId);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.headers().firstValue("retry-after")).isPresent();
            await("the gateway's breaker for customer-service opens").atMost(PLATFORM_REACTS)
                    .until(() -> rest.get("/v1/customers/" + customerId).status() == 503
                            && breakerIs(platform.gateway, "customer-service", "open"));
            long start = System.nanoTime();
            Rest.Reply refused = rest.get(viewPath);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused by the open breaker at once")
                    .isLessThan(Duration.ofSeconds(2));
        } finally {
            platform.restart(platform.customers);
        }
        await("customer-service answers again").atMost(BACK_AFTER_RESTART).ignoreExceptions()
                .until(() -> rest.get(viewPath).status() == 200);
        // The next test classes write through the gateway at once, and a write is not retried: writes must go
        // through again before this test hands the platform on.
        await("customer-service takes writes again").atMost(BACK_AFTER_RESTART).ignoreExceptions()
                .until(() -> rest.post("/v1/customers", json("{'displayName': 'After the outage'}")).status() == 200);
    }
}
