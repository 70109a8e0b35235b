package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonObject;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import jakarta.mail.internet.MimeMessage;

/**
 * Reaching customers, through the gateway only: a tenant sets its e-mail channel (GreenMail, on loopback) with
 * reminders; its invitation is e-mailed, a reminder with the same link reaches the customer who has not answered,
 * and once they answer the next reminder is not sent and a thank-you is. The days between are the one thing the
 * test does not wait for: it moves a reminder's due time to now in feedback-service's database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReminderSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);

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

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of the survey link in the e-mail's plain text (the gateway's survey page). */
    private String linkToken(MimeMessage message) {
        String token = LoopbackMail.surveyLinkToken(message, platform.gatewayUrl());
        assertThat(token).as("a survey link in %s", LoopbackMail.plainText(message)).isNotNull();
        return token;
    }


    private static JsonObject reminder(List<JsonObject> messages, int number) {
        return messages.stream().filter(message -> "OUTBOUND_MESSAGE_KIND_REMINDER".equals(
                        message.get("kind").getAsString()) && message.get("reminderNumber").getAsInt() == number)
                .findFirst().orElse(null);
    }

    /** The days until the reminder is due pass: its due time is moved to now where feedback-service keeps it. */
    private void dueNow(String messageId) {
        platform.database(platform.feedback).getCollection("outbound_messages")
                .updateOne(Filters.eq("_id", messageId), Updates.set("nextAttemptTime", new Date()));
    }

    @Test
    void aReminderReachesACustomerWhoHasNotAnsweredAndStopsOnceTheyDo() throws Exception {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        JsonObject channel = rest.put("/v1/emailChannel", json("{'smtpHost': '127.0.0.1', 'smtpPort': "
                + mail.port() + ", 'senderAddress': 'Shop Surveys <surveys@shop.test>',"
                + " 'reminders': {'delayDays': 2, 'maxReminders': 2}}")).ok();
        assertThat(channel.getAsJsonObject("reminders").get("maxReminders").getAsInt()).isEqualTo(2);
        String address = "cecilia." + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
        // May be e-mailed at any hour, so the test does not depend on the time of day it runs.
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Cecilia', 'emails': ['" + address
                + "'], 'language': 'en', 'timeZone': 'UTC', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_EMAIL'], 'quietHours': {'start': {}, 'end': {}}}}")).ok().get("id").getAsString();
        String surveyId = rest.publishedNpsSurvey();

        JsonObject created = rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json(
                "{'customerId': '" + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}")).ok();
        assertThat(created.get("delivery").getAsString()).isEqualTo("INVITATION_DELIVERY_EMAIL_QUEUED");

        MimeMessage invitation = await("the invitation e-mail").atMost(PLATFORM_REACTS)
                .until(() -> mail.to(address), mails -> mails.size() == 1).getFirst();
        String token = linkToken(invitation);
        JsonObject first = await("the first reminder, queued").atMost(PLATFORM_REACTS)
                .until(() -> reminder(rest.outboundMessages(customerId), 1), found -> found != null);
        assertThat(first.get("state").getAsString()).isEqualTo("OUTBOUND_MESSAGE_STATE_QUEUED");
        assertThat(Instant.parse(first.get("nextAttemptTime").getAsString()))
                .isAfter(Instant.now().plus(Duration.ofDays(2)).minus(Duration.ofMinutes(5)));

        dueNow(first.get("id").getAsString());
        MimeMessage reminder = await("the reminder e-mail").atMost(PLATFORM_REACTS)
                .until(() -> mail.to(address), mails -> mails.size() == 2).get(1);
        assertThat(subject(reminder)).isEqualTo("A reminder: how did we do?");
        assertThat(linkToken(reminder)).as("the same link").isEqualTo(token);

        JsonObject second = await("the second reminder, queued").atMost(PLATFORM_REACTS)
                .until(() -> reminder(rest.outboundMessages(customerId), 2), found -> found != null);
        rest.post("/v1/respond:submit", json("{'token': '" + token + "', 'answers': [{'questionId': 'nps',"
                + " 'score': 9}]}")).ok();
        dueNow(second.get("id").getAsString());

        JsonObject skipped = await("the second reminder, not sent").atMost(PLATFORM_REACTS)
                .until(() -> reminder(rest.outboundMessages(customerId), 2),
                        found -> "OUTBOUND_MESSAGE_STATE_SKIPPED".equals(found.get("state").getAsString()));
        assertThat(skipped.get("reason").getAsString()).isEqualTo("INVITATION_RESPONDED");
        List<MimeMessage> mails = await("the thank-you").atMost(PLATFORM_REACTS)
                .until(() -> mail.to(address), found -> found.size() == 3);
        assertThat(mails.stream().map(ReminderSystemTest::subject).toList()).containsExactly("How did we do?",
                "A reminder: how did we do?", "Thank you for your answers");
    }
}
