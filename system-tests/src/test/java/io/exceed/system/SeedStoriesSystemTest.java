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

import com.google.gson.JsonObject;

/**
 * The seed stories through the gateway's REST API, with every application a real process on embedded storage:
 * what an integrator does, and what the platform does by itself in reply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedStoriesSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    private static Rest newTenant(Platform platform) {
        return Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String createCustomer(Rest rest, String name, String accountOwner, String timeZone) {
        return rest.post("/v1/customers", json("{'displayName': '" + name + "', 'emails': ['" + name.toLowerCase()
                + "@example.se'], 'accountOwner': '" + accountOwner + "', 'timeZone': '" + timeZone + "'}"))
                .ok().get("id").getAsString();
    }

    private static List<JsonObject> checkIns(Rest rest, String customerId) {
        return rest.followUps(customerId).stream().filter(followUp -> followUp.get("reason").getAsString()
                .equals("FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN")).toList();
    }

    private static Rest.Reply invite(Rest rest, String surveyId, String customerId) {
        return rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json("{'customerId': '"
                + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}"));
    }

    /**
     * Contact fatigue: a customer who accepts one contact a week gets a survey; the next relationship survey is
     * refused with the time it would be allowed, while a recovery contact still goes out.
     */
    @Test
    void aCustomersContactBudgetHoldsBackSurveysButNotRecovery() {
        Rest rest = newTenant(platform);
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Tired Tove', 'emails':"
                + " ['tove@example.se'], 'timeZone': 'UTC', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL'], 'quietHours': {'start': {}, 'end': {}}, 'budget': {'maxContacts': 1,"
                + " 'period': '604800s'}}}")).ok().get("id").getAsString();

        invite(rest, rest.publishedNpsSurvey(), customerId).ok();

        Rest.Reply refused = invite(rest, rest.publishedNpsSurvey("SURVEY_PURPOSE_RELATIONSHIP", false), customerId);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").getAsString()).isEqualTo("CONTACT_DENIED");
        assertThat(refused.json().get("detail").getAsString()).contains("BUDGET_EXHAUSTED").contains("next allowed at");

        invite(rest, rest.publishedNpsSurvey("SURVEY_PURPOSE_RECOVERY", false), customerId).ok();
    }

    /** Another tenant's ids are not found, never shown (BOLA). */
    @Test
    void anotherTenantsCustomerIsNotFound() {
        String customerId = createCustomer(newTenant(platform), "Private", "maria@shop.example", "UTC");

        Rest.Reply stranger = newTenant(platform).get("/v1/customers/" + customerId);

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.body()).doesNotContain("Private");
    }

    /** Seeds 001 and 004: a detractor is called back within 24 hours, by the person who owns the relationship. */
    @Test
    void aDetractorIsCalledBackWithinADayByTheAccountOwner() {
        Rest rest = newTenant(platform);
        String customerId = createCustomer(rest, "Astrid", "maria@shop.example", "Europe/Stockholm");
        String surveyId = rest.publishedNpsSurvey();
        Instant answered = Instant.now();

        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 3}]}")).ok();

        JsonObject followUp = await("the detractor's recovery follow-up").atMost(PLATFORM_REACTS)
                .until(() -> rest.followUps(customerId), list -> !list.isEmpty()).getFirst();
        assertThat(followUp.get("reason").getAsString()).isEqualTo("FOLLOW_UP_REASON_DETRACTOR_RECOVERY");
        assertThat(followUp.get("owner").getAsString()).as("from customer-service").isEqualTo("maria@shop.example");
        assertThat(followUp.getAsJsonObject("contactWindow").get("timeZone").getAsString())
                .isEqualTo("Europe/Stockholm");
        Instant slaDeadline = Instant.parse(followUp.get("slaDeadline").getAsString());
        assertThat(slaDeadline).isBetween(answered.plus(Duration.ofHours(24)).minusSeconds(60),
                Instant.now().plus(Duration.ofHours(24)));
    }

    /**
     * Seed 003 in an outage: complaints keep being taken and resolved while followup-service is down; once it is
     * back, each resolved complaint gets exactly one no-sales check-in follow-up.
     */
    @Test
    void complaintsResolvedWhileFollowUpsAreDownEachGetOneCheckInOnceItIsBack() throws Exception {
        Rest rest = newTenant(platform);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            customers.add(createCustomer(rest, "Customer" + i, "maria@shop.example", "Europe/Stockholm"));
        }
        platform.followUps.stop();
        try {
            for (String customerId : customers) {
                String complaintId = rest.post("/v1/complaints", json("{'customerId': '" + customerId + "',"
                        + " 'channel': 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Wrong size', 'severity':"
                        + " 'SEVERITY_HIGH', 'text': 'The boots are torn and a size too small.'}"))
                        .ok().get("id").getAsString();
                rest.post("/v1/complaints/" + complaintId + ":resolve", json("{'resolution': {'remedy': {'kind':"
                        + " 'REMEDY_KIND_REFUND', 'description': 'Refunded in full'}, 'rootCause': {'description':"
                        + " 'Sizes mislabelled at the supplier', 'preventionAction': 'Check labels on arrival'},"
                        + " 'resolvedBy': 'agent-7'}}")).ok();
            }
            assertThat(rest.get("/v1/followUps?customer_id=" + customers.getFirst()).status())
                    .as("followup-service is really down").isEqualTo(503);
        } finally {
            platform.restart(platform.followUps);
        }

        for (String customerId : customers) {
            // Until the gateway has reconnected to the restarted service, it answers 503 at once.
            await("the check-in of " + customerId).atMost(PLATFORM_REACTS).ignoreExceptions()
                    .until(() -> checkIns(rest, customerId), list -> !list.isEmpty());
        }
        // Several more delivery runs pass; a redelivered event must not schedule a second check-in.
        Thread.sleep(3_000);
        for (String customerId : customers) {
            // The customer was at risk only if feedback-service read their summary while the complaint was open.
            assertThat(rest.followUps(customerId)).extracting(followUp -> followUp.get("reason").getAsString())
                    .as("the complaint's acknowledgement call and the check-in, each once")
                    .containsOnlyOnce("FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT",
                            "FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN")
                    .doesNotHaveDuplicates()
                    .isSubsetOf("FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT",
                            "FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN", "FOLLOW_UP_REASON_AT_RISK_RECOVERY");
            assertThat(checkIns(rest, customerId)).singleElement().satisfies(checkIn -> {
                assertThat(checkIn.get("reason").getAsString()).isEqualTo("FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN");
                assertThat(checkIn.get("noSales").getAsBoolean()).isTrue();
                assertThat(checkIn.get("owner").getAsString()).isEqualTo("maria@shop.example");
            });
        }
    }
}
