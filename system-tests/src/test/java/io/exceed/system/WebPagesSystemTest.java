package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The web pages as people use them, in headless Chromium against the running platform: data is seeded through
 * the REST API as an integrator would, then a script (src/test/e2e) acts as the respondent or the staff member,
 * and what it did is checked through the API again. Screenshots are kept under target/screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPagesSystemTest {

    private Browser browser;
    private Platform platform;
    private LoopbackMail mail;

    @BeforeAll
    void platform() throws IOException {
        browser = Browser.required();
        platform = Platform.started();
        mail = LoopbackMail.started();
    }

    @AfterAll
    void stopMail() {
        mail.close();
    }

    @Test
    void customersAnswerTheSurveyInTheirOwnLanguage() {
        Rest rest = Rest.forNewTenant(platform, "web-" + UUID.randomUUID().toString().substring(0, 8));
        String surveyId = rest.post("/v1/surveys", json("{'title': 'After delivery', 'purpose':"
                + " 'SURVEY_PURPOSE_TRANSACTIONAL', 'defaultLanguage': 'en', 'questions': ["
                + "{'id': 'nps', 'kind': 'QUESTION_KIND_NPS', 'required': true, 'text': ["
                + "{'language': 'en', 'text': 'How likely are you to recommend us to a friend?'},"
                + "{'language': 'sv', 'text': 'Hur troligt är det att du rekommenderar oss till en vän?'},"
                + "{'language': 'zh-Hans', 'text': '您向朋友推荐我们的可能性有多大？'}]},"
                + "{'id': 'better', 'kind': 'QUESTION_KIND_FREE_TEXT', 'text': ["
                + "{'language': 'en', 'text': 'What could we do better?'},"
                + "{'language': 'sv', 'text': 'Vad kan vi göra bättre?'},"
                + "{'language': 'zh-Hans', 'text': '我们可以在哪些方面做得更好？'}]}]}")).ok().get("id").getAsString();
        rest.post("/v1/surveys/" + surveyId + ":publish", json("{}")).ok();
        String swede = customer(rest, "Åsa Öberg", "sv", "Europe/Stockholm");
        String chinese = customer(rest, "王芳", "zh-Hans", "Asia/Shanghai");

        // The receipt asks followup-service's playbooks within feedback-service's 2 s client deadline; a freshly started
        // followup-service (cold JVM, the tenant's default playbooks installed on first use) can take longer on a
        // busy machine, and then the page rightly promises the call without a time. A service in use is warm: one
        // validate_only evaluation, which stores nothing, makes this one so.
        rest.post("/v1/playbooks:evaluate", json("{'validateOnly': true, 'event': {'kind':"
                + " 'PLAYBOOK_EVENT_KIND_FEEDBACK_RESPONSE', 'customerId': '" + swede + "', 'npsScore': 3,"
                + " 'sourceReference': 'warm-up', 'occurTime': '" + Instant.now() + "'}}")).ok();

        Map<String, String> links = new HashMap<>();
        links.put("swedish", invite(rest, surveyId, swede, "sv", null));
        links.put("chinese", invite(rest, surveyId, chinese, "zh-Hans", null));
        // The survey has no Finnish: the integrator invites without a language, and the survey's default is shown.
        links.put("finnish", invite(rest, surveyId, customer(rest, "Aino", "fi", "Europe/Helsinki"), null, null));
        String expired = invite(rest, surveyId, swede, "sv", Instant.now().plusSeconds(2));
        links.put("expired", expired);
        String expiredToken = expired.substring(expired.lastIndexOf('/') + 1);
        await("the short-lived link to expire").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> rest.post("/v1/respond:form", json("{'token': '" + expiredToken + "'}")).body(),
                        body -> body.contains("TOKEN_EXPIRED"));

        Browser.Run run = browser.script("survey.mjs", platform.gatewayUrl(),
                Map.of("SURVEY_LINKS", new Gson().toJson(links)));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok Swedish survey on a phone, in Swedish",
                "ok a Swedish detractor is thanked and told by when someone will get back to them",
                "ok the thank-you page unsubscribes from invitations with a button, in Swedish",
                "ok Chinese survey answered with the keyboard only, in Chinese",
                "ok an expired link is a polite page in the browser's language");
        assertThat(rest.allowedChannels(swede)).as("e-mail, the channel the invitation came by, withdrawn")
                .containsExactly("CONTACT_CHANNEL_PHONE");
        JsonObject swedish = onlyResponse(rest, swede);
        assertThat(swedish.get("language").getAsString()).isEqualTo("sv");
        assertThat(swedish.getAsJsonArray("answers").toString()).contains("\"score\":3")
                .contains("Leveransen kom två dagar för sent");
        JsonObject chineseResponse = onlyResponse(rest, chinese);
        assertThat(chineseResponse.get("language").getAsString()).isEqualTo("zh-Hans");
        assertThat(chineseResponse.getAsJsonArray("answers").toString()).contains("\"score\":9")
                .contains("送货很快，包装也很好。");
        for (String screenshot : new String[] {"survey-sv-form", "survey-sv-thank-you", "survey-zh-thank-you",
                "survey-sv-expired-link"}) {
            assertThat(Browser.SCREENSHOTS.resolve(screenshot + ".png")).satisfies(file ->
                    assertThat(Files.size(file)).isPositive());
        }
    }

    @Test
    void staffSeeTheirNumbersAndCloseAFollowUpInTheConsole() {
        Rest rest = Rest.forNewTenant(platform, "console-" + UUID.randomUUID().toString().substring(0, 8));
        String surveyId = rest.post("/v1/surveys", json("{'title': 'Quarterly check', 'purpose':"
                + " 'SURVEY_PURPOSE_TRANSACTIONAL', 'defaultLanguage': 'en', 'questions': ["
                + "{'id': 'nps', 'kind': 'QUESTION_KIND_NPS', 'required': true, 'text': [{'language': 'en', 'text': 'Recommend?'}]},"
                + "{'id': 'csat', 'kind': 'QUESTION_KIND_CSAT', 'text': [{'language': 'en', 'text': 'Satisfied?'}]},"
                + "{'id': 'ces', 'kind': 'QUESTION_KIND_CES', 'text': [{'language': 'en', 'text': 'Effort?'}]},"
                + "{'id': 'reliability', 'kind': 'QUESTION_KIND_DIMENSION_RATING', 'dimension':"
                + " 'SERVICE_DIMENSION_RELIABILITY', 'text': [{'language': 'en', 'text': 'Reliable?'}]},"
                + "{'id': 'responsiveness', 'kind': 'QUESTION_KIND_DIMENSION_RATING', 'dimension':"
                + " 'SERVICE_DIMENSION_RESPONSIVENESS', 'text': [{'language': 'en', 'text': 'Quick?'}]}]}"))
                .ok().get("id").getAsString();
        rest.post("/v1/surveys/" + surveyId + ":publish", json("{}")).ok();
        // The shop e-mails its customers through the platform (a mail server on loopback), so the console can show
        // what a customer was sent.
        rest.put("/v1/emailChannel", json("{'smtpHost': '127.0.0.1', 'smtpPort': " + mail.port()
                + ", 'senderAddress': 'Shop <care@shop.example>'}")).ok();
        String owner = "maria@shop.example";
        // NPS (2 promoters − 1 detractor) / 3 = 33; CSAT 2 of 3 satisfied = 67 %; CES (2 + 3 + 6) / 3 = 3.7;
        // reliability exceeds expectations on average, responsiveness falls short.
        respond(rest, surveyId, customer(rest, "Happy Hanna", "en", "Europe/Stockholm"), 10, 5, 2, 95, 70, 80, 60);
        respond(rest, surveyId, customer(rest, "Fine Filip", "en", "Europe/Stockholm"), 9, 4, 3, 75, 70, 40, 60);
        String detractor = customer(rest, "Detractor Dag", "en", "Europe/Stockholm");
        respond(rest, surveyId, detractor, 3, 2, 6, 60, 70, 30, 70);
        for (String category : new String[] {"Late delivery", "Late delivery", "Damaged goods"}) {
            rest.post("/v1/complaints", json("{'customerId': '" + detractor + "', 'channel': 'COMPLAINT_CHANNEL_EMAIL',"
                    + " 'category': '" + category + "', 'severity': 'SEVERITY_LOW', 'text': 'Not good.'}")).ok();
        }
        String followUpId = await("the detractor's follow-up").atMost(Duration.ofSeconds(60))
                .until(() -> rest.get("/v1/followUps?customer_id=" + detractor
                        + "&reason=FOLLOW_UP_REASON_DETRACTOR_RECOVERY").ok().getAsJsonArray("followUps"),
                        list -> !list.isEmpty()).get(0).getAsJsonObject().get("id").getAsString();

        await("the complaints' acknowledgements e-mailed").atMost(Duration.ofSeconds(60)).until(() ->
                rest.get("/v1/outboundMessages?customer_id=" + detractor).ok().getAsJsonArray("outboundMessages"),
                messages -> messages.size() == 3 && messages.asList().stream().allMatch(message -> message
                        .getAsJsonObject().get("state").getAsString().equals("OUTBOUND_MESSAGE_STATE_SENT")));

        JsonObject seed = new JsonObject();
        seed.addProperty("key", rest.bearer());
        seed.addProperty("owner", owner);
        seed.addProperty("followUpId", followUpId);
        seed.addProperty("customerName", "Detractor Dag");
        Browser.Run run = browser.script("console.mjs", platform.gatewayUrl(), Map.of("CONSOLE_SEED", seed.toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ok the overview shows the seeded scores as charts",
                "ok recording the outcome closes the follow-up", "ok the promise ledger shows the kept promise");
        JsonObject done = rest.get("/v1/followUps/" + followUpId).ok();
        assertThat(done.get("status").getAsString()).isEqualTo("FOLLOW_UP_STATUS_DONE");
        assertThat(done.getAsJsonObject("outcome").get("trustRestored").getAsBoolean()).isTrue();
        assertThat(done.getAsJsonObject("outcome").get("goodwillGesture").getAsString()).isEqualTo("free delivery");
        assertThat(done.has("firstContactTime")).as("the contact was recorded before the outcome").isTrue();
        for (String screenshot : new String[] {"console-overview", "console-follow-up", "console-overview-after"}) {
            assertThat(Browser.SCREENSHOTS.resolve(screenshot + ".png")).satisfies(file ->
                    assertThat(Files.size(file)).isPositive());
        }
    }

    private static void respond(Rest rest, String surveyId, String customerId, int nps, int csat, int ces,
            int reliability, int expectedReliability, int responsiveness, int expectedResponsiveness) {
        rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId + "', 'answers': ["
                + "{'questionId': 'nps', 'score': " + nps + "}, {'questionId': 'csat', 'score': " + csat + "},"
                + "{'questionId': 'ces', 'score': " + ces + "}, {'questionId': 'reliability', 'score': " + reliability
                + "}, {'questionId': 'responsiveness', 'score': " + responsiveness + "}], 'expectations': ["
                + "{'dimension': 'SERVICE_DIMENSION_RELIABILITY', 'level': " + expectedReliability + "},"
                + "{'dimension': 'SERVICE_DIMENSION_RESPONSIVENESS', 'level': " + expectedResponsiveness + "}]}")).ok();
    }

    /** Surveys go by e-mail; a detractor is called back by phone (the default playbook), so both are allowed. */
    private static String customer(Rest rest, String name, String language, String timeZone) {
        return rest.post("/v1/customers", json("{'displayName': '" + name + "', 'emails': ['c" + UUID.randomUUID()
                + "@example.com'], 'language': '" + language + "', 'timeZone': '" + timeZone + "',"
                + " 'accountOwner': 'maria@shop.example', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL', 'CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {}, 'end': {}}}}"))
                .ok().get("id").getAsString();
    }

    private String invite(Rest rest, String surveyId, String customerId, String language, Instant expireTime) {
        JsonObject invitation = json("{'customerId': '" + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}");
        if (language != null) {
            invitation.addProperty("language", language);
        }
        if (expireTime != null) {
            invitation.addProperty("expireTime", expireTime.toString());
        }
        JsonObject issued = rest.post("/v1/surveys/" + surveyId + "/invitations?actor=web-tests", invitation).ok();
        String link = issued.get("surveyUrl").getAsString();
        assertThat(link).as("the link to send: the gateway's survey page for the token")
                .isEqualTo(platform.gatewayUrl() + "/s/" + issued.get("token").getAsString());
        return link;
    }

    private static JsonObject onlyResponse(Rest rest, String customerId) {
        JsonElement responses = rest.get("/v1/responses?customer_id=" + customerId).ok().get("responses");
        assertThat(responses.getAsJsonArray()).hasSize(1);
        return responses.getAsJsonArray().get(0).getAsJsonObject();
    }
}
