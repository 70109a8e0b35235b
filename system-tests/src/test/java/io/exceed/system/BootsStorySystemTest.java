package io.exceed.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Story 1, the boots (seed 003): a complaint about torn boots of the wrong size is acknowledged with thanks in the
 * customer's language; the tenant's playbook schedules a recovery call due at once, and the tenant's webhook receiver
 * (WireMock) gets a Standard Webhooks signed "due" notice for it, then a signed "done" one once the call is made; the
 * complaint is resolved with a refund and a root cause, which schedules a no-sales check-in three days later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BootsStorySystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);

    private final WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
        receiver.start();
    }

    @AfterAll
    void stopReceiver() {
        receiver.stop();
    }

    /** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" under the endpoint's whsec_ secret. */
    private static String expectedSignature(String secret, LoggedRequest request) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((request.getHeader("webhook-id") + "." + request.getHeader("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(request.getBody()));
    }

    /** The body of the delivery {@code webhookId} the receiver got, once its Standard Webhooks signature checks. */
    private JsonObject signedNotice(String tenant, String secret, String webhookId, Instant notBefore)
            throws GeneralSecurityException {
        LoggedRequest delivery = await("the signed webhook " + webhookId).atMost(PLATFORM_REACTS).until(() -> receiver
                .findAll(postRequestedFor(urlEqualTo("/hooks/" + tenant))).stream()
                .filter(request -> webhookId.equals(request.getHeader("webhook-id"))).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(Long.parseLong(delivery.getHeader("webhook-timestamp")))
                .isBetween(notBefore.getEpochSecond() - 5, Instant.now().getEpochSecond() + 5);
        assertThat(Arrays.asList(delivery.getHeader("webhook-signature").split(" ")))
                .contains(expectedSignature(secret, delivery));
        return JsonParser.parseString(delivery.getBodyAsString()).getAsJsonObject();
    }

    @Test
    void tornBootsOfTheWrongSizeAreAcknowledgedRecoveredRefundedAndCheckedOnWithoutSelling() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        receiver.stubFor(post("/hooks/" + tenant).willReturn(aResponse().withStatus(204)));
        String secret = rest.post("/v1/webhookEndpoints", json("{'url': 'http://127.0.0.1:" + receiver.port()
                + "/hooks/" + tenant + "', 'description': 'Shop CRM', 'eventTypes': ['FOLLOW_UP_EVENT_TYPE_DUE',"
                + " 'FOLLOW_UP_EVENT_TYPE_DONE']}"))
                .ok().get("secret").getAsString();
        rest.post("/v1/playbooks", json("{'displayName': 'Call back about a serious complaint at once', 'trigger':"
                + " {'eventKind': 'PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED', 'minSeverity': 'SEVERITY_HIGH'}, 'action':"
                + " {'reason': 'FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT', 'delay': '0s', 'sla': '14400s',"
                + " 'channel': 'CONTACT_CHANNEL_PHONE', 'ownerStrategy': 'OWNER_STRATEGY_ACCOUNT_OWNER'}}")).ok();
        // A husband who bought hiking boots for his wife; Swedish speaking, reachable at any hour.
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Erik Fjällman', 'language': 'sv',"
                + " 'timeZone': 'Europe/Stockholm', 'accountOwner': 'lena@skobutik.example', 'contactPreferences':"
                + " {'allowedChannels': ['CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {}, 'end': {}}}}"))
                .ok().get("id").getAsString();
        Instant complained = Instant.now();

        JsonObject complaint = rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_IN_PERSON', 'category': 'Wrong size', 'severity': 'SEVERITY_HIGH', 'language':"
                + " 'sv', 'text': 'Kängorna var för stora och den ena hade en reva i sidan.'}")).ok();

        String complaintId = complaint.get("id").getAsString();
        assertThat(complaint.get("state").getAsString()).isEqualTo("COMPLAINT_STATE_ACKNOWLEDGED");
        JsonObject thanks = complaint.getAsJsonObject("acknowledgement");
        assertThat(thanks.get("language").getAsString()).isEqualTo("sv");
        assertThat(thanks.get("message").getAsString()).startsWith("Tack för att du berättade").contains(complaintId);

        JsonObject recovery = await("the recovery call").atMost(PLATFORM_REACTS).until(() -> rest.followUps(
                customerId, "FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT"), list -> !list.isEmpty()).getFirst();
        String recoveryId = recovery.get("id").getAsString();
        assertThat(recovery.get("owner").getAsString()).isEqualTo("lena@skobutik.example");
        assertThat(Instant.parse(recovery.get("slaDeadline").getAsString()))
                .isBetween(complained.plus(Duration.ofHours(4)).minusSeconds(60), Instant.now().plus(Duration.ofHours(4)));

        JsonObject due = signedNotice(tenant, secret, recoveryId + ".due", complained);
        assertThat(due.get("type").getAsString()).isEqualTo("FOLLOW_UP_EVENT_TYPE_DUE");
        assertThat(due.getAsJsonObject("followUp").get("id").getAsString()).isEqualTo(recoveryId);

        rest.post("/v1/followUps/" + recoveryId + ":start", json("{'actor': 'lena@skobutik.example'}")).ok();
        JsonObject done = rest.post("/v1/followUps/" + recoveryId + ":complete", json("{'actor':"
                + " 'lena@skobutik.example', 'outcome': {'notes': 'No boots without a tear in her size; refunded"
                + " at once despite the no-refunds receipt', 'trustRestored': true, 'goodwillGesture': 'Will call"
                + " when the same pattern is back in stock', 'customerSatisfied': true}}")).ok();
        assertThat(done.get("status").getAsString()).isEqualTo("FOLLOW_UP_STATUS_DONE");
        JsonObject doneNotice = signedNotice(tenant, secret, recoveryId + ".done", complained);
        assertThat(doneNotice.get("type").getAsString()).isEqualTo("FOLLOW_UP_EVENT_TYPE_DONE");
        assertThat(doneNotice.getAsJsonObject("followUp").getAsJsonObject("outcome").get("trustRestored")
                .getAsBoolean()).isTrue();

        Instant resolved = Instant.now();
        JsonObject resolution = rest.post("/v1/complaints/" + complaintId + ":resolve", json("{'resolution':"
                + " {'remedy': {'kind': 'REMEDY_KIND_REFUND', 'description': 'Money back in full'}, 'rootCause':"
                + " {'description': 'Torn pair put back on the shelf; size chart misread at the counter',"
                + " 'preventionAction': 'Inspect returned pairs; measure the foot instead of guessing'},"
                + " 'resolvedBy': 'lena@skobutik.example'}}")).ok();
        assertThat(resolution.get("state").getAsString()).isEqualTo("COMPLAINT_STATE_RESOLVED");

        JsonObject checkIn = await("the check-in after the resolution").atMost(PLATFORM_REACTS).until(() ->
                rest.followUps(customerId, "FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN"), list -> !list.isEmpty())
                .getFirst();
        assertThat(checkIn.get("noSales").getAsBoolean()).as("a check-in never sells").isTrue();
        assertThat(checkIn.get("owner").getAsString()).isEqualTo("lena@skobutik.example");
        assertThat(Instant.parse(checkIn.get("dueTime").getAsString())).as("three days after the resolution")
                .isBetween(resolved.plus(Duration.ofDays(3)).minusSeconds(60), Instant.now().plus(Duration.ofDays(3)));
    }
}
