package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Story 3 and recovery measured, through the gateway only: a detractor's follow-up kept early shows as beaten in
 * the promise ledger; a resolved complaint is followed by a recovery survey, an unhappy answer reopens it, a
 * later good answer counts as rescued, and the customer's relationship state follows the feedback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryStoriesSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);

    private Platform platform;
    private LoopbackMail mail;

    @BeforeAll
    void platform() throws IOException {
        platform = Platform.started();
        mail = LoopbackMail.started();
    }

    @AfterAll
    void stopMail() {
        mail.close();
    }

    private static Rest newTenant(Platform platform) {
        return Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A customer who may be emailed at any hour, so the test does not depend on the time of day it runs. */
    private static String createCustomer(Rest rest, String name) {
        return rest.post("/v1/customers", json("{'displayName': '" + name + "', 'emails': ['" + name.toLowerCase()
                + "@example.se'], 'accountOwner': 'maria@shop.example', 'timeZone': 'UTC', 'contactPreferences':"
                + " {'allowedChannels': ['CONTACT_CHANNEL_EMAIL'], 'quietHours': {'start': {}, 'end': {}}}}"))
                .ok().get("id").getAsString();
    }

    private static String relationshipState(Rest rest, String customerId) {
        return rest.get("/v1/customers/" + customerId).ok().get("relationshipState").getAsString();
    }

    private static List<JsonObject> list(JsonObject page, String field) {
        List<JsonObject> items = new ArrayList<>();
        if (page.has(field)) {
            for (JsonElement item : page.getAsJsonArray(field)) {
                items.add(item.getAsJsonObject());
            }
        }
        return items;
    }

    private static List<JsonObject> invitations(Rest rest, String customerId) {
        return list(rest.get("/v1/invitations?customer_id=" + customerId).ok(), "invitations");
    }

    private static String resolve(Rest rest, String complaintId) {
        return rest.post("/v1/complaints/" + complaintId + ":resolve", json("{'resolution': {'remedy': {'kind':"
                + " 'REMEDY_KIND_REFUND', 'description': 'Refunded in full'}, 'rootCause': {'description':"
                + " 'Sizes mislabelled at the supplier', 'preventionAction': 'Check labels on arrival'},"
                + " 'resolvedBy': 'agent-7'}}")).ok().get("state").getAsString();
    }

    /** The integrator's part: find the new recovery invitation, get a link for it, and the customer answers. */
    private static void answerRecoverySurvey(Rest rest, String customerId, int invitationsBefore, int nps) {
        List<JsonObject> sent = await("recovery invitation " + (invitationsBefore + 1)).atMost(PLATFORM_REACTS)
                .until(() -> invitations(rest, customerId), list -> list.size() > invitationsBefore);
        String invitationId = sent.getLast().get("id").getAsString();
        String token = rest.post("/v1/invitations/" + invitationId + ":reissueToken", json("{}")).ok()
                .get("token").getAsString();
        rest.post("/v1/respond:submit", json("{'token': '" + token + "', 'answers': [{'questionId': 'nps',"
                + " 'score': " + nps + "}]}")).ok();
    }

    /** Seeds 001 and 004: NPS 3 → a recovery follow-up within 24 h; kept earlier than promised → "beaten". */
    @Test
    void aDetractorsFollowUpKeptEarlyShowsAsBeatenInThePromiseLedger() {
        Rest rest = newTenant(platform);
        String customerId = createCustomer(rest, "Astrid");
        String surveyId = rest.publishedNpsSurvey();
        Instant answered = Instant.now();

        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 3}]}")).ok();

        JsonObject followUp = await("the detractor's recovery follow-up").atMost(PLATFORM_REACTS)
                .until(() -> list(rest.get("/v1/followUps?customer_id=" + customerId).ok(), "followUps"),
                        found -> !found.isEmpty()).getFirst();
        assertThat(followUp.get("reason").getAsString()).isEqualTo("FOLLOW_UP_REASON_DETRACTOR_RECOVERY");
        assertThat(Instant.parse(followUp.get("slaDeadline").getAsString()))
                .isBefore(Instant.now().plus(Duration.ofHours(24)).plusSeconds(1));
        Instant promised = Instant.parse(followUp.get("promisedTime").getAsString());
        assertThat(promised).as("promised with time to beat it").isAfter(Instant.now().plus(Duration.ofHours(1)));

        String followUpId = followUp.get("id").getAsString();
        rest.post("/v1/followUps/" + followUpId + ":start", json("{'actor': 'maria@shop.example'}")).ok();
        rest.post("/v1/followUps/" + followUpId + ":complete", json("{'actor': 'maria@shop.example', 'outcome':"
                + " {'notes': 'Called, replaced the order', 'trustRestored': true, 'customerSatisfied': true}}"))
                .ok();

        JsonObject promises = rest.get("/v1/promiseLedger?start_time=" + answered.minus(Duration.ofDays(1))
                + "&end_time=" + Instant.now().plus(Duration.ofDays(30))).ok()
                .getAsJsonObject("total").getAsJsonObject("promises");
        assertThat(promises.get("beatenCount").getAsLong()).isEqualTo(1);
        assertThat(promises.get("keptCount").getAsLong()).isEqualTo(1);
        await("the relationship state from the detractor answer").atMost(PLATFORM_REACTS)
                .until(() -> relationshipState(rest, customerId), "RELATIONSHIP_STATE_DETRACTOR"::equals);
    }

    /**
     * Recovery measured: the resolved complaint is followed by a recovery survey; the unhappy answer reopens the
     * complaint; resolved again, the customer is asked again and answers 9: rescued, and an advocate again.
     */
    @Test
    void aResolvedComplaintIsReAskedAnUnhappyAnswerReopensItAndALaterGoodOneIsARescue() {
        Rest rest = newTenant(platform);
        String customerId = createCustomer(rest, "Bertil");
        String recoverySurveyId = rest.publishedNpsSurvey("SURVEY_PURPOSE_RECOVERY", false);
        Instant start = Instant.now().minusSeconds(60);
        String complaintId = rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Wrong size', 'severity': 'SEVERITY_HIGH', 'text':"
                + " 'The boots are torn and a size too small.', 'language': 'en'}")).ok().get("id").getAsString();
        await("the open complaint puts the customer at risk").atMost(PLATFORM_REACTS)
                .until(() -> relationshipState(rest, customerId), "RELATIONSHIP_STATE_AT_RISK"::equals);
        assertThat(resolve(rest, complaintId)).isEqualTo("COMPLAINT_STATE_RESOLVED");

        answerRecoverySurvey(rest, customerId, 0, 3);

        assertThat(invitations(rest, customerId).getFirst().get("surveyId").getAsString())
                .isEqualTo(recoverySurveyId);
        JsonObject reopened = await("the unhappy answer reopens the complaint").atMost(PLATFORM_REACTS)
                .until(() -> rest.get("/v1/complaints/" + complaintId).ok(),
                        complaint -> "COMPLAINT_STATE_OPEN".equals(complaint.get("state").getAsString()));
        assertThat(reopened.get("reopenCount").getAsInt()).isEqualTo(1);
        await("the detractor answer").atMost(PLATFORM_REACTS)
                .until(() -> relationshipState(rest, customerId), "RELATIONSHIP_STATE_DETRACTOR"::equals);

        rest.post("/v1/complaints/" + complaintId + ":acknowledge", json("{}")).ok();
        resolve(rest, complaintId);
        answerRecoverySurvey(rest, customerId, 1, 9);

        String window = "?start_time=" + start + "&end_time=" + Instant.now().plus(Duration.ofMinutes(5));
        JsonObject recovery = await("the rescue counted").atMost(PLATFORM_REACTS)
                .until(() -> rest.get("/v1/scores:recovery" + window).ok(),
                        stats -> stats.has("rescuedCount") && stats.get("rescuedCount").getAsLong() == 1);
        assertThat(recovery.get("detractorCount").getAsLong()).isEqualTo(1);
        assertThat(recovery.get("rescueRate").getAsDouble()).isEqualTo(1.0);
        await("an advocate again").atMost(PLATFORM_REACTS)
                .until(() -> relationshipState(rest, customerId), "RELATIONSHIP_STATE_ADVOCATE"::equals);
        assertThat(rest.get("/v1/complaints/" + complaintId).ok().get("state").getAsString())
                .as("a good answer leaves the complaint resolved").isEqualTo("COMPLAINT_STATE_RESOLVED");
    }

    /**
     * A shop that e-mails through the platform: the resolved complaint's recovery survey arrives by e-mail (after the
     * delay, shortened here), with a link the customer answers on; nobody has to fetch a link and send it.
     */
    @Test
    void aResolvedComplaintsRecoverySurveyArrivesByEmailWhenTheShopEmailsThroughThePlatform() {
        Rest rest = newTenant(platform);
        rest.put("/v1/emailChannel", json("{'smtpHost': '127.0.0.1', 'smtpPort': " + mail.port()
                + ", 'senderAddress': 'Shop <care@shop.example>', 'reminders': {'maxReminders': 0}}")).ok();
        String name = "Cissi" + UUID.randomUUID().toString().substring(0, 8);
        String customerId = createCustomer(rest, name);
        rest.publishedNpsSurvey("SURVEY_PURPOSE_RECOVERY", false);
        String complaintId = rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Late delivery', 'severity': 'SEVERITY_LOW', 'text':"
                + " 'Two weeks late.', 'language': 'en'}")).ok().get("id").getAsString();
        assertThat(resolve(rest, complaintId)).isEqualTo("COMPLAINT_STATE_RESOLVED");

        String token = await("the recovery survey e-mailed").atMost(PLATFORM_REACTS)
                .until(() -> mail.to(name.toLowerCase() + "@example.se").stream()
                        .map(message -> LoopbackMail.surveyLinkToken(message, platform.gatewayUrl()))
                        .filter(link -> link != null).findFirst().orElse(null), link -> link != null);
        JsonObject sent = list(rest.get("/v1/outboundMessages?customer_id=" + customerId).ok(), "outboundMessages")
                .stream().filter(message -> "OUTBOUND_MESSAGE_KIND_RECOVERY_INVITATION"
                        .equals(message.get("kind").getAsString())).findFirst().orElseThrow();
        assertThat(sent.get("state").getAsString()).isEqualTo("OUTBOUND_MESSAGE_STATE_SENT");
        assertThat(invitations(rest, customerId)).singleElement()
                .satisfies(invitation -> assertThat(invitation.get("id").getAsString())
                        .isEqualTo(sent.get("invitationId").getAsString()));

        rest.post("/v1/respond:submit", json("{'token': '" + token + "', 'answers': [{'questionId': 'nps',"
                + " 'score': 9}]}")).ok();
        await("the answer recorded").atMost(PLATFORM_REACTS).until(() -> invitations(rest, customerId).getFirst()
                .get("state").getAsString(), "INVITATION_STATE_RESPONDED"::equals);
    }
}
