package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonObject;
import com.mongodb.client.MongoDatabase;

import io.exceed.launcher.JarApplication;

/**
 * Erasure is a state, proved through the gateway: writes racing an erasure leave nothing personal in any store (the
 * gateway's included), and afterwards every service refuses new data naming the customer and the customer's survey
 * link no longer opens. DeleteCustomer erases everywhere too, and a write naming a customer the tenant does not have
 * is a 404 that stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureStateSystemTest {

    private static final Duration SETTLES = Duration.ofSeconds(60);
    private static final int RACING_WRITES = 12;

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    /** Every document of the tenant, in every collection of every database, that mentions any needle. */
    private List<String> storedMentions(String tenant, List<JarApplication> services, String... needles) {
        List<String> found = new ArrayList<>();
        for (JarApplication service : services) {
            MongoDatabase database = platform.database(service);
            for (String collection : database.listCollectionNames()) {
                for (Document document : database.getCollection(collection).find()) {
                    String stored = document.toJson();
                    if (!stored.contains(tenant)) {
                        continue;
                    }
                    for (String needle : needles) {
                        if (stored.contains(needle)) {
                            found.add(service.name() + "." + collection + " holds '" + needle + "': " + stored);
                        }
                    }
                }
            }
        }
        return found;
    }

    private List<JarApplication> everyStore() {
        return List.of(platform.customers, platform.feedback, platform.followUps, platform.gateway);
    }

    private static String publishedSurvey(Rest rest) {
        String surveyId = rest.post("/v1/surveys", json("{'title': 'After delivery', 'purpose':"
                + " 'SURVEY_PURPOSE_TRANSACTIONAL', 'defaultLanguage': 'en', 'questions': [{'id': 'nps', 'kind':"
                + " 'QUESTION_KIND_NPS', 'required': true, 'text': [{'language': 'en', 'text': 'Recommend us?'}]},"
                + " {'id': 'comment', 'kind': 'QUESTION_KIND_FREE_TEXT', 'text': [{'language': 'en', 'text':"
                + " 'Anything else?'}]}]}"), UUID.randomUUID().toString()).ok().get("id").getAsString();
        rest.post("/v1/surveys/" + surveyId + ":publish", json("{}"), UUID.randomUUID().toString()).ok();
        return surveyId;
    }

    private static Rest.Reply complaint(Rest rest, String customerId, String text) {
        return rest.post("/v1/complaints", json("{'customerId': '" + customerId + "', 'channel':"
                + " 'COMPLAINT_CHANNEL_EMAIL', 'category': 'Damaged product', 'severity': 'SEVERITY_HIGH', 'text': '"
                + text + "'}"), UUID.randomUUID().toString());
    }

    private static Rest.Reply response(Rest rest, String surveyId, String customerId, String text) {
        return rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 4}, {'questionId': 'comment', 'text': '" + text
                + "'}]}"), UUID.randomUUID().toString());
    }

    private static Rest.Reply followUp(Rest rest, String customerId) {
        Instant now = Instant.now();
        return rest.post("/v1/followUps?actor=crm", json("{'customerId': '" + customerId + "', 'reason':"
                + " 'FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT', 'sourceReference': 'crm/" + UUID.randomUUID()
                + "', 'owner': 'maria@shop.example', 'channel': 'CONTACT_CHANNEL_EMAIL', 'dueTime': '"
                + now.plus(Duration.ofHours(2)) + "', 'promisedTime': '" + now.plus(Duration.ofHours(4))
                + "', 'sla': '86400s'}"), UUID.randomUUID().toString());
    }

    private static String code(Rest.Reply reply) {
        return reply.json().has("code") ? reply.json().get("code").getAsString() : "";
    }

    @Test
    void writesRacingAnErasureLeaveNothingPersonalAndAfterwardsNothingNewIsKept() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        String name = "Åsa Racing-" + UUID.randomUUID().toString().substring(0, 6);
        String email = "asa." + UUID.randomUUID().toString().substring(0, 6) + "@example.se";
        String phone = "+46 70 555 77 " + (10 + (int) (Math.random() * 80));
        String customerKey = UUID.randomUUID().toString();
        JsonObject customer = json("{'displayName': '" + name + "', 'emails': ['" + email + "'], 'phones': ['"
                + phone + "'], 'accountOwner': 'maria@shop.example', 'timeZone': 'UTC', 'language': 'sv',"
                + " 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_EMAIL'], 'quietHours': {'start': {},"
                + " 'end': {}}}}");
        String customerId = rest.post("/v1/customers", customer, customerKey).ok().get("id").getAsString();
        String secret = rest.post("/v1/webhookEndpoints", json("{'url': 'http://127.0.0.1:9/hooks', 'description':"
                + " 'CRM', 'eventTypes': ['FOLLOW_UP_EVENT_TYPE_DUE']}"), UUID.randomUUID().toString()).ok()
                .get("secret").getAsString();
        String surveyId = publishedSurvey(rest);
        String token = rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json("{'customerId': '"
                + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}"), UUID.randomUUID().toString()).ok()
                .get("token").getAsString();
        assertThat(rest.post("/v1/respond:form", json("{'token': '" + token + "'}")).status()).isEqualTo(200);

        List<String> texts = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<Rest.Reply>> racing = new ArrayList<>();
        try {
            for (int i = 0; i < RACING_WRITES; i++) {
                String complaintText = "Racing complaint " + i + " from " + name;
                String answerText = "Racing answer " + i + " from " + name;
                texts.add(complaintText);
                texts.add(answerText);
                racing.add(writers.submit(() -> complaint(rest, customerId, complaintText)));
                racing.add(writers.submit(() -> response(rest, surveyId, customerId, answerText)));
            }
            JsonObject erased = rest.post("/v1/customers/" + customerId + ":erase", json("{}"),
                    UUID.randomUUID().toString()).ok();
            assertThat(erased.getAsJsonArray("parts")).allSatisfy(part -> assertThat(part.getAsJsonObject()
                    .get("state").getAsString()).isEqualTo("ERASURE_PART_STATE_COMPLETED"));
            for (Future<Rest.Reply> write : racing) {
                Rest.Reply reply = write.get(60, TimeUnit.SECONDS);
                assertThat(reply.status()).as("a racing write is kept (before the erasure) or refused: %s",
                        reply.body()).isIn(200, 409);
                if (reply.status() == 409) {
                    assertThat(code(reply)).isEqualTo("CUSTOMER_ERASED");
                }
            }
        } finally {
            writers.shutdownNow();
        }

        List<String> personal = new ArrayList<>(List.of(name, email, phone, secret));
        personal.addAll(texts);
        // Relays and playbooks run after the writes; whatever they carry on must not bring the data back.
        await("no store holds the erased customer's data").atMost(SETTLES).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedMentions(tenant, everyStore(),
                        personal.toArray(String[]::new))).isEmpty());
        assertThat(storedMentions(tenant, List.of(platform.feedback, platform.followUps, platform.gateway),
                customerId)).as("only customer-service keeps the id, as its tombstone").isEmpty();

        Rest.Reply form = rest.post("/v1/respond:form", json("{'token': '" + token + "'}"));
        assertThat(form.status()).isEqualTo(409);
        assertThat(code(form)).isEqualTo("TOKEN_REVOKED");
        for (Rest.Reply refused : List.of(complaint(rest, customerId, "After the erasure"),
                response(rest, surveyId, customerId, "After the erasure"), followUp(rest, customerId))) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(code(refused)).isEqualTo("CUSTOMER_ERASED");
        }
        Rest.Reply replayed = rest.post("/v1/customers", customer, customerKey);
        assertThat(replayed.body()).as("a replay does not bring the profile back").doesNotContain(name)
                .doesNotContain(email);
        assertThat(storedMentions(tenant, everyStore(), "After the erasure", name, email)).isEmpty();
    }

    @Test
    void aDeletedCustomerIsErasedInEveryServiceAndForgotten() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        String name = "Bo Deleted-" + UUID.randomUUID().toString().substring(0, 6);
        String customerId = rest.post("/v1/customers", json("{'displayName': '" + name + "', 'accountOwner':"
                + " 'maria@shop.example', 'timeZone': 'UTC'}")).ok().get("id").getAsString();
        String text = "The parcel of Bo was left in the rain at Storgatan 9";
        complaint(rest, customerId, text).ok();

        assertThat(rest.delete("/v1/customers/" + customerId).status()).isEqualTo(200);

        assertThat(rest.get("/v1/customers/" + customerId).status()).isEqualTo(404);
        await("no store holds the deleted customer's data").atMost(SETTLES).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(storedMentions(tenant, everyStore(), name, text)).isEmpty());
        assertThat(storedMentions(tenant, List.of(platform.feedback, platform.followUps, platform.gateway),
                customerId)).isEmpty();
        Rest.Reply late = complaint(rest, customerId, "After the deletion");
        assertThat(late.status()).as(late.body()).isIn(404, 409);
    }

    @Test
    void aWriteNamingACustomerTheTenantDoesNotHaveIsNotFoundAndStoresNothing() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        Rest other = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String othersCustomer = other.post("/v1/customers", json("{'displayName': 'Someone Else'}")).ok().get("id")
                .getAsString();
        String madeUp = "cust-" + UUID.randomUUID();
        String surveyId = publishedSurvey(rest);

        for (String customerId : List.of(othersCustomer, madeUp)) {
            for (Rest.Reply refused : List.of(complaint(rest, customerId, "A complaint of nobody"),
                    response(rest, surveyId, customerId, "An answer of nobody"), followUp(rest, customerId))) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(404);
            }
        }

        assertThat(storedMentions(tenant, List.of(platform.feedback, platform.followUps), othersCustomer, madeUp,
                "of nobody")).isEmpty();
    }
}
