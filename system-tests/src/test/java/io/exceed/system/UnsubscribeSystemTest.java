package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonObject;

import jakarta.mail.internet.MimeMessage;

/**
 * One-click unsubscribe, through the gateway only: a customer gets an invitation e-mail (GreenMail, on loopback)
 * whose List-Unsubscribe names the gateway's {@code /u/{token}}; opening it shows a page and changes nothing, the
 * mail client's RFC 8058 POST withdraws the customer's e-mail consent in customer-service (their other channels
 * stay), and the next invitation is not e-mailed: its message ends SKIPPED, NO_CONSENT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnsubscribeSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Platform platform;
    private LoopbackMail mail;

    @BeforeAll
    void start() throws IOException {
        platform = Platform.started();
        mail = LoopbackMail.started();
    }

    @AfterAll
    void stop() {
        mail.close();
    }



    /** What a browser or mail client does with the link: no credential, no tenant. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String invite(Rest rest, String surveyId, String customerId) {
        JsonObject created = rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json(
                "{'customerId': '" + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}")).ok();
        assertThat(created.get("delivery").getAsString()).isEqualTo("INVITATION_DELIVERY_EMAIL_QUEUED");
        return created.get("outboundMessageId").getAsString();
    }

    @Test
    void theOneClickPostWithdrawsEmailConsentAndTheNextInvitationIsNotEmailed() throws Exception {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        rest.put("/v1/emailChannel", json("{'smtpHost': '127.0.0.1', 'smtpPort': " + mail.port()
                + ", 'senderAddress': 'Shop Surveys <surveys@shop.test>', 'reminders': {'maxReminders': 0}}")).ok();
        String address = "ulla." + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
        // May be e-mailed at any hour, so the test does not depend on the time of day it runs.
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Ulla', 'emails': ['" + address
                + "'], 'language': 'sv', 'timeZone': 'UTC', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL', 'CONTACT_CHANNEL_SMS'], 'quietHours': {'start': {}, 'end': {}}}}"))
                .ok().get("id").getAsString();
        String surveyId = rest.publishedNpsSurvey();

        invite(rest, surveyId, customerId);
        MimeMessage invitation = await("the invitation e-mail").atMost(PLATFORM_REACTS)
                .until(() -> mail.to(address), mails -> mails.size() == 1).getFirst();
        String listUnsubscribe = invitation.getHeader("List-Unsubscribe", null);
        assertThat(listUnsubscribe).matches("<" + Pattern.quote(platform.gatewayUrl() + "/u/")
                + "[A-Za-z0-9_-]{43}>");
        assertThat(invitation.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        URI link = URI.create(listUnsubscribe.substring(1, listUnsubscribe.length() - 1));

        HttpResponse<String> page = send(HttpRequest.newBuilder(link).header("accept-language", "sv").GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(rest.allowedChannels(customerId)).as("opening the link changes nothing")
                .contains("CONTACT_CHANNEL_EMAIL");

        HttpResponse<String> unsubscribed = send(HttpRequest.newBuilder(link)
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(unsubscribed.statusCode()).as(unsubscribed.body()).isEqualTo(200);
        assertThat(rest.allowedChannels(customerId)).containsExactly("CONTACT_CHANNEL_SMS");
        assertThat(send(HttpRequest.newBuilder(link).header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))).statusCode())
                .as("clicking again does no harm").isEqualTo(200);

        String next = invite(rest, surveyId, customerId);
        JsonObject skipped = await("the next invitation, not sent").atMost(PLATFORM_REACTS)
                .until(() -> rest.outboundMessages(customerId).stream()
                                .filter(message -> next.equals(message.get("id").getAsString())).findFirst()
                                .orElseThrow(),
                        message -> !"OUTBOUND_MESSAGE_STATE_QUEUED".equals(message.get("state").getAsString()));
        assertThat(skipped.get("state").getAsString()).isEqualTo("OUTBOUND_MESSAGE_STATE_SKIPPED");
        assertThat(skipped.get("reason").getAsString()).isEqualTo("NO_CONSENT");
        assertThat(mail.to(address)).as("only the first invitation").hasSize(1);
    }
}
