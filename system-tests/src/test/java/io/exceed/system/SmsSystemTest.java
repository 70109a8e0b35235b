package io.exceed.system;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonObject;

/**
 * Texts, through the gateway only: a tenant sets its SMS channel over REST, a customer with only a phone gets an
 * invitation text at the provider (WireMock playing Twilio on loopback), a badly signed STOP reply to the gateway's
 * webhook is refused (403) and changes nothing, a signed one withdraws the customer's SMS consent in
 * customer-service, and the next invitation is not texted: its message ends SKIPPED, NO_CONSENT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmsSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
    private static final String TOKEN = "9".repeat(32);
    private static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

    private Platform platform;

    @BeforeAll
    void start() throws IOException {
        platform = Platform.started();
    }



    private static String invite(Rest rest, String surveyId, String customerId) {
        JsonObject created = rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json(
                "{'customerId': '" + customerId + "', 'channel': 'CONTACT_CHANNEL_SMS'}")).ok();
        assertThat(created.get("delivery").getAsString()).isEqualTo("INVITATION_DELIVERY_SMS_QUEUED");
        return created.get("outboundMessageId").getAsString();
    }

    /** Twilio's X-Twilio-Signature, computed here independently of the platform's code. */
    private static String signature(String url, Map<String, String> form) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** What Twilio does when the customer replies: no credential but its signature. */
    private static HttpResponse<String> reply(String url, Map<String, String> form, String signature)
            throws Exception {
        String body = form.entrySet().stream().map(field -> field.getKey() + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomerWithOnlyAPhoneIsTextedAndASignedStopEndsTheirTexts() throws Exception {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Rest rest = Rest.forNewTenant(platform, tenant);
        platform.smsProvider.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"SM" + "1".repeat(32) + "\"}")));
        JsonObject channel = rest.put("/v1/smsChannel", json("{'accountSid': '" + ACCOUNT + "', 'authToken': '"
                + TOKEN + "', 'fromNumber': '+46101234567'}")).ok();
        assertThat(channel.has("authToken") ? channel.get("authToken").getAsString() : "").as("never returned")
                .isEmpty();
        assertThat(channel.get("authTokenSet").getAsBoolean()).isTrue();
        String webhook = channel.get("replyWebhookUrl").getAsString();
        assertThat(webhook).isEqualTo(platform.gatewayUrl() + "/sms/" + tenant + "/replies");
        String phone = "+4670" + (1000000 + (int) (Math.random() * 8999999));
        // May be texted at any hour, so the test does not depend on the time of day it runs.
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Sven', 'phones': ['" + phone
                + "'], 'language': 'sv', 'timeZone': 'UTC', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL', 'CONTACT_CHANNEL_SMS'], 'quietHours': {'start': {}, 'end': {}}}}"))
                .ok().get("id").getAsString();
        String surveyId = rest.publishedNpsSurvey();

        invite(rest, surveyId, customerId);
        String text = await("the invitation text").atMost(PLATFORM_REACTS).until(() -> platform.smsProvider
                        .findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
                        .map(request -> request.getBodyAsString())
                        .filter(body -> body.contains(URLEncoder.encode(phone, StandardCharsets.UTF_8))).toList(),
                texts -> texts.size() == 1).getFirst();
        String body = java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        assertThat(body).contains("Hur gjorde vi det?", platform.gatewayUrl() + "/s/", "Svara STOP");

        Map<String, String> stop = Map.of("From", phone, "To", "+46101234567", "Body", "Stop",
                "MessageSid", "SM" + "2".repeat(32), "AccountSid", ACCOUNT);
        assertThat(reply(webhook, stop, signature(webhook, stop).replace('A', 'B') + "x").statusCode())
                .as("a bad signature").isEqualTo(403);
        assertThat(rest.allowedChannels(customerId)).as("nothing changed").contains("CONTACT_CHANNEL_SMS");

        HttpResponse<String> accepted = reply(webhook, stop, signature(webhook, stop));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).endsWith("<Response/>");
        assertThat(rest.allowedChannels(customerId)).containsExactly("CONTACT_CHANNEL_EMAIL");

        String next = invite(rest, surveyId, customerId);
        JsonObject skipped = await("the next invitation, not texted").atMost(PLATFORM_REACTS)
                .until(() -> rest.outboundMessages(customerId).stream()
                                .filter(message -> next.equals(message.get("id").getAsString())).findFirst()
                                .orElseThrow(),
                        message -> !"OUTBOUND_MESSAGE_STATE_QUEUED".equals(message.get("state").getAsString()));
        assertThat(skipped.get("state").getAsString()).isEqualTo("OUTBOUND_MESSAGE_STATE_SKIPPED");
        assertThat(skipped.get("reason").getAsString()).isEqualTo("NO_CONSENT");
    }
}
