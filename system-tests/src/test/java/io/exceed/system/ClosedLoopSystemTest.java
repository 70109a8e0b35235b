package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The closed loop never drops a customer, through the gateway: a detractor without an account owner is called back
 * by the tenant's default queue, a detractor who allows e-mail but not phone is reached by e-mail, and a critical
 * complaint is acknowledged by a call within the hour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedLoopSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    private static List<JsonObject> followUps(Rest rest, String customerId, String reason) {
        List<JsonObject> found = new ArrayList<>();
        for (JsonElement followUp : rest.get("/v1/followUps?customer_id=" + customerId + "&reason=" + reason).ok()
                .getAsJsonArray("followUps")) {
            found.add(followUp.getAsJsonObject());
        }
        return found;
    }

    private static String npsSurvey(Rest rest) {
        String surveyId = rest.post("/v1/surveys", json("{'title': 'How are we doing?', 'purpose':"
                + " 'SURVEY_PURPOSE_TRANSACTIONAL', 'defaultLanguage': 'en', 'questions': [{'id': 'nps', 'kind':"
                + " 'QUESTION_KIND_NPS', 'required': true, 'text': [{'language': 'en', 'text': 'Recommend us?'}]}]}"))
                .ok().get("id").getAsString();
        rest.post("/v1/surveys/" + surveyId + ":publish", json("{}")).ok();
        return surveyId;
    }

    @Test
    void aDetractorWithoutAnAccountOwnerIsCalledBackByTheDefaultQueueWithinTheSla() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Consumer Cecilia', 'timeZone': 'UTC',"
                + " 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {},"
                + " 'end': {}}}}")).ok().get("id").getAsString();
        Instant answered = Instant.now();

        rest.post("/v1/surveys/" + npsSurvey(rest) + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 1}]}")).ok();

        JsonObject recovery = await("the detractor's call-back").atMost(PLATFORM_REACTS).until(() -> followUps(rest,
                customerId, "FOLLOW_UP_REASON_DETRACTOR_RECOVERY"), list -> !list.isEmpty()).getFirst();
        assertThat(recovery.get("owner").getAsString()).as("the tenant's default queue").isEqualTo("queue:customer-care");
        assertThat(Instant.parse(recovery.get("slaDeadline").getAsString()))
                .isBetween(answered.plus(Duration.ofHours(24)).minusSeconds(60), Instant.now().plus(Duration.ofHours(24)));
        JsonObject due = await("due for the queue").atMost(PLATFORM_REACTS).until(() -> followUps(rest, customerId,
                "FOLLOW_UP_REASON_DETRACTOR_RECOVERY").getFirst(), followUp -> followUp.get("status").getAsString()
                        .equals("FOLLOW_UP_STATUS_DUE"));
        assertThat(due.get("channel").getAsString()).isEqualTo("CONTACT_CHANNEL_PHONE");
    }

    @Test
    void aDetractorWhoAllowsEmailButNotPhoneIsReachedByEmail() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Mail Only Mats', 'timeZone': 'UTC',"
                + " 'accountOwner': 'maria@shop.example', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL'], 'quietHours': {'start': {}, 'end': {}}}}")).ok().get("id").getAsString();

        rest.post("/v1/surveys/" + npsSurvey(rest) + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 2}]}")).ok();

        JsonObject due = await("the call-back, moved to e-mail").atMost(PLATFORM_REACTS).until(() -> followUps(rest,
                customerId, "FOLLOW_UP_REASON_DETRACTOR_RECOVERY"), list -> !list.isEmpty()
                        && list.getFirst().get("status").getAsString().equals("FOLLOW_UP_STATUS_DUE")).getFirst();
        assertThat(due.get("channel").getAsString()).isEqualTo("CONTACT_CHANNEL_EMAIL");
        assertThat(due.getAsJsonArray("history").toString()).contains("channel changed from PHONE to EMAIL");
    }

    @Test
    void aCriticalComplaintIsAcknowledgedByACallWithinTheHour() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Angry Anders', 'timeZone': 'UTC',"
                + " 'accountOwner': 'maria@shop.example'}")).ok().get("id").getAsString();
        Instant complained = Instant.now();

        rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel': 'COMPLAINT_CHANNEL_PHONE',"
                + " 'category': 'Safety', 'severity': 'SEVERITY_CRITICAL', 'text': 'The heater caught fire.'}")).ok();

        JsonObject call = await("the acknowledgement call").atMost(PLATFORM_REACTS).until(() -> followUps(rest,
                customerId, "FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT"), list -> !list.isEmpty()).getFirst();
        assertThat(call.get("owner").getAsString()).isEqualTo("maria@shop.example");
        assertThat(call.get("priority").getAsString()).isEqualTo("PRIORITY_URGENT");
        assertThat(Instant.parse(call.get("slaDeadline").getAsString()))
                .isBetween(complained.plus(Duration.ofHours(1)).minusSeconds(60), Instant.now().plus(Duration.ofHours(1)));
    }
}
