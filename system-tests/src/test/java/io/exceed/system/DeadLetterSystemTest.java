package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import io.exceed.launcher.JarApplication;

/**
 * What a service refuses for good is visible and can be done again once its cause is fixed. The cause here: a
 * tenant's round-robin playbook whose team member's name is longer than a follow-up's owner may be, as a version
 * that did not check team names could have stored it (written into followup-service's store directly, since the API
 * refuses it now). feedback-service hands the complaint's event on; followup-service refuses it (INVALID_ARGUMENT),
 * and it becomes a dead letter instead of a log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    private static final String TEAM_MEMBER = "care-team@shop.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    /** A tenant's customer, playbook and complaint whose event followup-service refuses; the dead letter's id. */
    private record Refusal(Rest rest, String customerId, String playbookId, String deadLetterId) {
    }

    private Refusal refusedComplaint() {
        Rest rest = Rest.forNewTenant(platform, "dead-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Nora Nobody', 'timeZone': 'UTC',"
                + " 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {},"
                + " 'end': {}}}}")).ok().get("id").getAsString();
        String playbookId = rest.post("/v1/playbooks", json("{'displayName': 'Complaint: the care team calls back',"
                + " 'trigger': {'eventKind': 'PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED'}, 'action': " + action(TEAM_MEMBER)
                + "}")).ok().get("id").getAsString();
        platform.database(platform.followUps).getCollection("playbooks").updateOne(Filters.eq("_id", playbookId),
                Updates.set("definition.action.team", List.of("x".repeat(300))));
        rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel': 'COMPLAINT_CHANNEL_EMAIL',"
                + " 'category': 'Late delivery', 'severity': 'SEVERITY_LOW', 'text': 'Still waiting.'}")).ok();
        JsonObject deadLetter = await("the refused event's dead letter").atMost(PLATFORM_REACTS)
                .until(() -> openDeadLetters(rest), list -> !list.isEmpty()).get(0).getAsJsonObject();
        assertThat(deadLetter.get("consumer").getAsString()).isEqualTo("followup-service");
        assertThat(deadLetter.get("customerId").getAsString()).isEqualTo(customerId);
        assertThat(deadLetter.get("reason").getAsString()).contains("INVALID_ARGUMENT")
                .contains("must be at most 256 characters");
        return new Refusal(rest, customerId, playbookId, deadLetter.get("id").getAsString());
    }

    private static String action(String teamMember) {
        return "{'reason': 'FOLLOW_UP_REASON_DETRACTOR_RECOVERY', 'delay': '0s', 'sla': '86400s', 'channel':"
                + " 'CONTACT_CHANNEL_PHONE', 'ownerStrategy': 'OWNER_STRATEGY_ROUND_ROBIN', 'team': ['" + teamMember
                + "']}";
    }

    private static JsonArray openDeadLetters(Rest rest) {
        JsonObject page = rest.get("/v1/deadLetters/feedback-service?state=DEAD_LETTER_STATE_OPEN").ok();
        return page.has("deadLetters") ? page.getAsJsonArray("deadLetters") : new JsonArray();
    }

    /** The value of {@code exceed_dead_letters_open} for {@code consumer} on the application's Prometheus page. */
    private static double openDeadLettersGauge(JarApplication application, String consumer) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + application.managementPort() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("exceed_dead_letters_open{")
                        && line.contains("consumer=\"" + consumer + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no exceed_dead_letters_open of " + consumer));
    }

    private static void fixThePlaybook(Refusal refusal) {
        String playbook = "/v1/playbooks/" + refusal.playbookId();
        String etag = refusal.rest().get(playbook).headers().firstValue("etag").orElseThrow();
        refusal.rest().patch(playbook + "?update_mask=action", json("{'action': " + action(TEAM_MEMBER) + "}"), etag)
                .ok();
    }

    private static JsonArray recoveryCalls(Refusal refusal) {
        JsonObject page = refusal.rest().get("/v1/followUps?customer_id=" + refusal.customerId()
                + "&reason=FOLLOW_UP_REASON_DETRACTOR_RECOVERY").ok();
        return page.has("followUps") ? page.getAsJsonArray("followUps") : new JsonArray();
    }

    @Test
    void anEventRefusedForGoodIsListedAndARetryAfterTheFixSchedulesItsFollowUpOnce() throws Exception {
        Refusal refusal = refusedComplaint();
        String retry = "/v1/deadLetters/feedback-service/" + refusal.deadLetterId() + ":retry";

        assertThat(openDeadLettersGauge(platform.feedback, "followup-service")).as("exceed_dead_letters_open")
                .isGreaterThanOrEqualTo(1);
        Rest.Reply refusedAgain = refusal.rest().post(retry, json("{}"));
        assertThat(refusedAgain.status()).as(refusedAgain.body()).isEqualTo(409);
        assertThat(refusedAgain.body()).contains("DEAD_LETTER_REFUSED_AGAIN");
        assertThat(recoveryCalls(refusal)).isEmpty();

        fixThePlaybook(refusal);
        JsonObject resolved = refusal.rest().post(retry, json("{}")).ok();

        assertThat(resolved.get("state").getAsString()).isEqualTo("DEAD_LETTER_STATE_RESOLVED");
        assertThat(resolved.get("retryCount").getAsInt()).isEqualTo(2);
        assertThat(recoveryCalls(refusal)).singleElement().satisfies(followUp ->
                assertThat(followUp.getAsJsonObject().get("owner").getAsString()).isEqualTo(TEAM_MEMBER));
        assertThat(refusal.rest().post(retry, json("{}")).status()).as("resolved: not retried again").isEqualTo(409);
        assertThat(openDeadLetters(refusal.rest())).isEmpty();
        assertThat(recoveryCalls(refusal)).as("done once").hasSize(1);
        assertThat(Rest.forNewTenant(platform, "other-" + UUID.randomUUID().toString().substring(0, 8))
                .post(retry, json("{}")).status()).as("another tenant's dead letter").isEqualTo(404);
    }

    @Test
    void theConsoleShowsARefusedEventAndRetriesItOnceItsCauseIsFixed() {
        Browser browser = Browser.required();
        Refusal refusal = refusedComplaint();
        fixThePlaybook(refusal);
        JsonObject seed = new JsonObject();
        seed.addProperty("key", refusal.rest().bearer());
        seed.addProperty("deadLetterId", refusal.deadLetterId());
        seed.addProperty("customerId", refusal.customerId());

        Browser.Run run = browser.script("dead-letters.mjs", platform.gatewayUrl(),
                Map.of("CONSOLE_SEED", seed.toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(recoveryCalls(refusal)).hasSize(1);
        assertThat(openDeadLetters(refusal.rest())).isEmpty();
    }
}
