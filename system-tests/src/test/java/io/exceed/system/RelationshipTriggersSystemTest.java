package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonObject;

/**
 * Seed 004's advocates and saboteurs: a customer whose relationship state becomes advocate is thanked, one who
 * becomes at risk gets a recovery call, each exactly once per change although feedback-service's summaries and
 * customer-service's events are delivered at least once; driven only through the gateway's REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelationshipTriggersSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    /** Long enough for every delivery involved (1 s intervals) to have run again several times. */
    private static final Duration A_LITTLE_MORE = Duration.ofSeconds(5);

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    /** The one follow-up of this reason, once it is there; fails if a second one appears a little later. */
    private static JsonObject exactlyOne(Rest rest, String customerId, String reason) {
        JsonObject followUp = await(reason).atMost(PLATFORM_REACTS)
                .until(() -> rest.followUps(customerId, reason), list -> !list.isEmpty()).getFirst();
        await(reason + " stays one").pollDelay(A_LITTLE_MORE).atMost(A_LITTLE_MORE.plusSeconds(5))
                .untilAsserted(() -> assertThat(rest.followUps(customerId, reason)).hasSize(1));
        return followUp;
    }

    private static String customer(Rest rest, String name, String channel) {
        return rest.post("/v1/customers", json("{'displayName': '" + name + "', 'timeZone': 'UTC', 'accountOwner':"
                + " 'maria@shop.example', 'contactPreferences': {'allowedChannels': ['" + channel + "'],"
                + " 'quietHours': {'start': {}, 'end': {}}}}")).ok().get("id").getAsString();
    }

    private static void answerNps(Rest rest, String customerId, int score) {
        String surveyId = rest.publishedNpsSurvey();
        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': " + score + "}]}")).ok();
    }

    @Test
    void aPromoterBecomesAnAdvocateAndIsThankedOnceByEmailWithoutASalesPitch() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = customer(rest, "Praising Petra", "CONTACT_CHANNEL_EMAIL");

        answerNps(rest, customerId, 10);

        JsonObject thanks = exactlyOne(rest, customerId, "FOLLOW_UP_REASON_ADVOCATE_THANKS");
        assertThat(rest.get("/v1/customers/" + customerId).ok().get("relationshipState").getAsString())
                .isEqualTo("RELATIONSHIP_STATE_ADVOCATE");
        assertThat(thanks.get("channel").getAsString()).isEqualTo("CONTACT_CHANNEL_EMAIL");
        assertThat(thanks.get("noSales").getAsBoolean()).isTrue();
        assertThat(thanks.get("owner").getAsString()).isEqualTo("maria@shop.example");
        assertThat(thanks.get("sourceReference").getAsString()).startsWith("relationship/")
                .doesNotContain(customerId);
        assertThat(rest.followUps(customerId, "FOLLOW_UP_REASON_AT_RISK_RECOVERY")).isEmpty();
    }

    @Test
    void anAdvocateWhoComplainsIsAtRiskAndGetsOneRecoveryCallWithinTwoBusinessDays() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = customer(rest, "Loyal Lars", "CONTACT_CHANNEL_PHONE");
        answerNps(rest, customerId, 9);
        exactlyOne(rest, customerId, "FOLLOW_UP_REASON_ADVOCATE_THANKS");
        Instant complained = Instant.now();

        rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel': 'COMPLAINT_CHANNEL_EMAIL',"
                + " 'category': 'Delivery', 'severity': 'SEVERITY_MEDIUM', 'text': 'The parcel came a week late.'}"))
                .ok();

        JsonObject recovery = exactlyOne(rest, customerId, "FOLLOW_UP_REASON_AT_RISK_RECOVERY");
        assertThat(rest.get("/v1/customers/" + customerId).ok().get("relationshipState").getAsString())
                .isEqualTo("RELATIONSHIP_STATE_AT_RISK");
        assertThat(recovery.get("owner").getAsString()).as("the account owner").isEqualTo("maria@shop.example");
        assertThat(recovery.get("channel").getAsString()).isEqualTo("CONTACT_CHANNEL_PHONE");
        Instant due = Instant.parse(recovery.get("dueTime").getAsString());
        Instant deadline = Instant.parse(recovery.get("slaDeadline").getAsString());
        // Two business days of Monday-Friday 09:00-17:00 UTC: at most a weekend and a night more.
        assertThat(due).isBetween(complained.minusSeconds(60), complained.plus(Duration.ofDays(3)));
        assertThat(deadline).isAfter(due).isBeforeOrEqualTo(due.plus(Duration.ofDays(4)));
        assertThat(rest.followUps(customerId, "FOLLOW_UP_REASON_ADVOCATE_THANKS")).as("still the one thank-you")
                .hasSize(1);
        assertThat(rest.followUps(customerId, "FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT"))
                .as("the complaint is acknowledged apart").hasSize(1);
    }
}
