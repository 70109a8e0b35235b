package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.mongodb.client.MongoDatabase;

import io.exceed.launcher.JarApplication;

/**
 * Story 7, erasure: a customer with responses, a complaint and follow-ups is erased through the gateway; afterwards no
 * service's store holds the customer's name, email, phone or words (read with the driver), and the tenant's scores
 * and complaint Pareto are what they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    private static final String NAME = "Åsa Öberg-Lindqvist";
    private static final String EMAIL = "asa.oberg.lindqvist@example.se";
    private static final String PHONE = "+46 70 555 01 23";
    private static final String PHONE_DIGITS = "705550123";
    private static final String ANSWER = "Kuriren Björn var otrevlig mot mig vid dörren";
    private static final String COMPLAINT = "My boots from order 77 arrived torn; call me after six";
    private static final String NOTES = "Talked to Åsa, she accepted the apology";

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    private static String window(Instant start, Instant end) {
        return "start_time=" + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8) + "&end_time="
                + URLEncoder.encode(end.toString(), StandardCharsets.UTF_8);
    }

    /** Every document of the tenant, in every collection of the service's database, that mentions any needle. */
    private List<String> storedMentions(JarApplication service, String tenant, String... needles) {
        MongoDatabase database = platform.database(service);
        List<String> found = new ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find(new Document("tenant", tenant))) {
                String stored = document.toJson();
                for (String needle : needles) {
                    if (stored.contains(needle)) {
                        found.add(service.name() + "." + collection + " holds '" + needle + "': " + stored);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void anErasedCustomerLeavesNoPersonalDataInAnyStoreAndTheFiguresStay() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        String customerId = rest.post("/v1/customers", json("{'displayName': '" + NAME + "', 'emails': ['" + EMAIL
                + "'], 'phones': ['" + PHONE + "'], 'accountOwner': 'maria@shop.example', 'timeZone': 'UTC',"
                + " 'language': 'sv', 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_EMAIL']}}")).ok()
                .get("id").getAsString();
        String otherId = rest.post("/v1/customers", json("{'displayName': 'Kept Karl', 'accountOwner':"
                + " 'maria@shop.example', 'timeZone': 'UTC'}")).ok().get("id").getAsString();
        String surveyId = rest.publishedNpsSurvey("SURVEY_PURPOSE_TRANSACTIONAL", true);
        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId + "', 'answers':"
                + " [{'questionId': 'nps', 'score': 3}, {'questionId': 'comment', 'text': '" + ANSWER + "'}]}")).ok();
        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + otherId + "', 'answers':"
                + " [{'questionId': 'nps', 'score': 10}]}")).ok();
        String complaintId = rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Damaged product', 'severity': 'SEVERITY_HIGH', 'text': '"
                + COMPLAINT + "', 'orderReference': 'ORD-ASA-77'}")).ok().get("id").getAsString();
        rest.post("/v1/complaints/" + complaintId + ":resolve", json("{'resolution': {'remedy': {'kind':"
                + " 'REMEDY_KIND_REFUND', 'description': 'Refunded to Åsa by card'}, 'rootCause': {'description':"
                + " 'Boxes crushed in transit', 'preventionAction': 'Sturdier boxes'}, 'resolvedBy': 'agent-7'}}"))
                .ok();
        // The detractor's recovery call, the complaint's acknowledgement call and the resolved complaint's check-in,
        // all scheduled from the feedback.
        List<JsonObject> scheduled = await("the customer's follow-ups").atMost(PLATFORM_REACTS)
                .until(() -> rest.followUps(customerId), list -> list.size() == 3);
        String recovery = scheduled.stream().filter(f -> f.get("reason").getAsString()
                .equals("FOLLOW_UP_REASON_DETRACTOR_RECOVERY")).findFirst().orElseThrow().get("id").getAsString();
        rest.post("/v1/followUps/" + recovery + ":start", json("{'actor': 'maria@shop.example'}")).ok();
        rest.post("/v1/followUps/" + recovery + ":complete", json("{'actor': 'maria@shop.example', 'outcome':"
                + " {'notes': '" + NOTES + "', 'trustRestored': true, 'goodwillGesture': 'A voucher',"
                + " 'customerSatisfied': true}}")).ok();
        Instant now = Instant.now();
        String period = window(now.minus(Duration.ofDays(7)), now.plus(Duration.ofDays(1)));
        JsonObject scores = rest.get("/v1/scores?filter." + period.replace("&", "&filter.")
                + "&granularity=GRANULARITY_DAY").ok();
        JsonObject pareto = rest.get("/v1/complaints:pareto?" + period).ok();
        String[] personal = {NAME, EMAIL, PHONE, PHONE_DIGITS, ANSWER, COMPLAINT, NOTES, "ORD-ASA-77",
                "Refunded to Åsa"};
        assertThat(storedMentions(platform.feedback, tenant, personal)).as("the test sees what it looks for")
                .isNotEmpty();

        JsonObject erased = rest.post("/v1/customers/" + customerId + ":erase", json("{}")).ok();

        JsonArray parts = erased.getAsJsonArray("parts");
        assertThat(parts).as("customer-service, feedback-service, followup-service and the gateway").hasSize(4)
                .allSatisfy(part -> assertThat(part.getAsJsonObject().get("state")
                .getAsString()).isEqualTo("ERASURE_PART_STATE_COMPLETED"));
        JsonObject tombstone = rest.get("/v1/customers/" + customerId).ok();
        assertThat(tombstone.get("state").getAsString()).isEqualTo("CUSTOMER_STATE_ERASED");
        assertThat(tombstone.toString()).doesNotContain(NAME).doesNotContain(EMAIL);
        for (JarApplication service : List.of(platform.customers, platform.feedback, platform.followUps)) {
            assertThat(storedMentions(service, tenant, personal)).as(service.name()).isEmpty();
        }
        // customer-service keeps the id as the tombstone (and in the contact log); the others keep only the pseudonym.
        for (JarApplication service : List.of(platform.feedback, platform.followUps)) {
            assertThat(storedMentions(service, tenant, customerId)).as(service.name()).isEmpty();
        }
        assertThat(rest.get("/v1/scores?filter." + period.replace("&", "&filter.") + "&granularity=GRANULARITY_DAY")
                .ok()).isEqualTo(scores);
        assertThat(rest.get("/v1/complaints:pareto?" + period).ok()).isEqualTo(pareto);
        assertThat(rest.followUps(customerId)).as("listed under the pseudonym now").isEmpty();

        JsonObject again = rest.post("/v1/customers/" + customerId + ":erase", json("{}")).ok();
        assertThat(again.getAsJsonArray("parts")).isEqualTo(parts);
    }
}
