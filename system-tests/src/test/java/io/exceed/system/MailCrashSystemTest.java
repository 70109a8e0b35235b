package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonArray;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mail delivery across a crash, through the gateway: a burst of e-mailed invitations falls due at one moment (the
 * customers' quiet hours end), feedback-service is killed (SIGKILL) as the first of them arrives, and after it is
 * started again every invitation reaches its customer. An e-mail the kill caught between the mail server's
 * acceptance and the service's own mark is sent again with the same Message-ID, which receivers discard as a
 * repeat; no customer ever gets two different e-mails for one invitation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailCrashSystemTest {

    private static final int INVITATIONS = 60;
    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(90);

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

    @Test
    void aBurstCutByAKillIsDeliveredOncePerInvitationAfterTheRestart() throws Exception {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        rest.put("/v1/emailChannel", json("{'smtpHost': '127.0.0.1', 'smtpPort': " + mail.port()
                + ", 'senderAddress': 'Shop Surveys <surveys@shop.test>', 'reminders': {'maxReminders': 0}}")).ok();
        String surveyId = rest.publishedNpsSurvey();
        // Quiet until the start of the minute after next (UTC): the e-mails wait for it, then are all due at once.
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        LocalTime quietEnd = now.plusMinutes(2).withSecond(0).withNano(0);
        String quietHours = "{'start': " + timeOfDay(now.minusMinutes(1)) + ", 'end': " + timeOfDay(quietEnd) + "}";
        List<String> addresses = new ArrayList<>();
        List<String> customerIds = new ArrayList<>();
        for (int i = 0; i < INVITATIONS; i++) {
            String address = "crash" + i + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
            String customerId = rest.post("/v1/customers", json("{'displayName': 'Customer " + i + "', 'emails': ['"
                    + address + "'], 'language': 'en', 'timeZone': 'UTC', 'contactPreferences': {'allowedChannels':"
                    + " ['CONTACT_CHANNEL_EMAIL'], 'quietHours': " + quietHours + "}}")).ok().get("id").getAsString();
            rest.post("/v1/surveys/" + surveyId + "/invitations?actor=crm-sync", json("{'customerId': '"
                    + customerId + "', 'channel': 'CONTACT_CHANNEL_EMAIL'}")).ok();
            addresses.add(address);
            customerIds.add(customerId);
        }
        assertThat(addresses).allSatisfy(address -> assertThat(mail.to(address)).as("quiet hours hold them").isEmpty());

        await("the first e-mail of the burst").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5))
                .until(() -> addresses.stream().anyMatch(address -> !mail.to(address).isEmpty()));
        platform.feedback.kill();
        long deliveredAtTheKill = addresses.stream().filter(address -> !mail.to(address).isEmpty()).count();
        platform.restart(platform.feedback);

        await("every invitation e-mailed after the restart").atMost(PLATFORM_REACTS)
                .until(() -> addresses.stream().allMatch(address -> !mail.to(address).isEmpty()));
        Map<String, Integer> repeats = new HashMap<>();
        for (String address : addresses) {
            List<MimeMessage> received = mail.to(address);
            Set<String> messageIds = new HashSet<>();
            for (MimeMessage message : received) {
                messageIds.add(messageId(message));
            }
            assertThat(messageIds).as("one e-mail for %s's invitation, repeats included", address).hasSize(1);
            if (received.size() > 1) {
                repeats.put(address, received.size() - 1);
            }
        }
        await("every message marked sent, once each").atMost(PLATFORM_REACTS).ignoreExceptions()
                .until(() -> customerIds.stream().allMatch(customerId -> {
                    JsonArray messages = rest.get("/v1/outboundMessages?customer_id=" + customerId).ok()
                            .getAsJsonArray("outboundMessages");
                    return messages.size() == 1 && "OUTBOUND_MESSAGE_STATE_SENT".equals(
                            messages.get(0).getAsJsonObject().get("state").getAsString());
                }));
        assertThat(deliveredAtTheKill).as("the kill cut the burst").isLessThan(INVITATIONS);
        System.out.printf("MailCrashSystemTest: %d of %d e-mails had arrived at the kill; %d repeated after the"
                + " restart (same Message-ID): %s%n", deliveredAtTheKill, INVITATIONS, repeats.size(), repeats);
    }

    private static String timeOfDay(LocalTime time) {
        return "{'hours': " + time.getHour() + ", 'minutes': " + time.getMinute() + "}";
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
