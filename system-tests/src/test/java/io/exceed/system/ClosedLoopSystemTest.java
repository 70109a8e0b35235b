package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonArray;
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

    @Test
    void aDetractorWithoutAnAccountOwnerIsCalledBackByTheDefaultQueueWithinTheSla() {
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Consumer Cecilia', 'timeZone': 'UTC',"
                + " 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {},"
                + " 'end': {}}}}")).ok().get("id").getAsString();
        Instant answered = Instant.now();

        rest.post("/v1/surveys/" + rest.publishedNpsSurvey() + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 1}]}")).ok();

        JsonObject recovery = await("the detractor's call-back").atMost(PLATFORM_REACTS).until(() -> rest.followUps(
                customerId, "FOLLOW_UP_REASON_DETRACTOR_RECOVERY"), list -> !list.isEmpty()).getFirst();
        assertThat(recovery.get("owner").getAsString()).as("the tenant's default queue").isEqualTo("queue:customer-care");
        assertThat(Instant.parse(recovery.get("slaDeadline").getAsString()))
                .isBetween(answered.plus(Duration.ofHours(24)).minusSeconds(60), Instant.now().plus(Duration.ofHours(24)));
        JsonObject due = await("due for the queue").atMost(PLATFORM_REACTS).until(() -> rest.followUps(customerId,
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

        rest.post("/v1/surveys/" + rest.publishedNpsSurvey() + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'nps', 'score': 2}]}")).ok();

        JsonObject due = await("the call-back, moved to e-mail").atMost(PLATFORM_REACTS).until(() -> rest.followUps(
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

        JsonObject call = await("the acknowledgement call").atMost(PLATFORM_REACTS).until(() -> rest.followUps(
                customerId, "FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT"), list -> !list.isEmpty()).getFirst();
        assertThat(call.get("owner").getAsString()).isEqualTo("maria@shop.example");
        assertThat(call.get("priority").getAsString()).isEqualTo("PRIORITY_URGENT");
        assertThat(Instant.parse(call.get("slaDeadline").getAsString()))
                .isBetween(complained.plus(Duration.ofHours(1)).minusSeconds(60), Instant.now().plus(Duration.ofHours(1)));
    }

    /**
     * A tenant's playbook with office hours in the customer's zone: the follow-up it schedules for a Stockholm
     * customer is due on Friday 26 March 2027 at 15:00, and its eight working hours run into Monday, after the clocks
     * went forward on Sunday. Each milestone the follow-up announces (its warning, breach and escalation steps, as
     * followup-service fires them; its own tests fire them) lands on a working day in office hours.
     */
    @Test
    void warningsAndEscalationsLandInTheCustomersOfficeHoursAcrossTheChangeToSummerTime() {
        ZoneId stockholm = ZoneId.of("Europe/Stockholm");
        Rest rest = Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Sommar Sven', 'timeZone':"
                + " 'Europe/Stockholm', 'accountOwner': 'maria@shop.example', 'contactPreferences': {'allowedChannels':"
                + " ['CONTACT_CHANNEL_PHONE'], 'quietHours': {'start': {}, 'end': {}}}}")).ok().get("id").getAsString();
        Instant ordered = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime friday = ZonedDateTime.of(2027, 3, 26, 15, 0, 0, 0, stockholm);
        StringBuilder officeHours = new StringBuilder();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            officeHours.append(officeHours.isEmpty() ? "" : ", ").append("{'day': '").append(day)
                    .append("', 'start': {'hours': 9}, 'end': {'hours': 17}}");
        }
        rest.post("/v1/playbooks", json("{'displayName': 'Big order: a call when it is delivered', 'trigger':"
                + " {'eventKind': 'PLAYBOOK_EVENT_KIND_ORDER_PLACED'}, 'action': {'reason':"
                + " 'FOLLOW_UP_REASON_LARGE_ORDER_CHECK_IN', 'delay': '" + Duration.between(ordered, friday.toInstant())
                .getSeconds() + "s', 'sla': '28800s', 'channel': 'CONTACT_CHANNEL_PHONE', 'ownerStrategy':"
                + " 'OWNER_STRATEGY_ACCOUNT_OWNER'}, 'calendar': {'workingHours': [" + officeHours + "]}}")).ok();

        JsonObject followUp = rest.post("/v1/playbooks:evaluate", json("{'actor': 'shop', 'event': {'kind':"
                + " 'PLAYBOOK_EVENT_KIND_ORDER_PLACED', 'customerId': '" + customerId + "', 'sourceReference':"
                + " 'order/dst', 'occurTime': '" + ordered + "', 'orderValue': {'currencyCode': 'SEK', 'units': 900}}}"))
                .ok().getAsJsonArray("followUps").get(0).getAsJsonObject();

        assertThat(Instant.parse(followUp.get("dueTime").getAsString())).isEqualTo(friday.toInstant());
        assertThat(Instant.parse(followUp.get("slaDeadline").getAsString()).atZone(stockholm))
                .as("2 working hours on Friday, 6 on Monday").isEqualTo(ZonedDateTime.of(2027, 3, 29, 15, 0, 0, 0,
                        stockholm));
        List<String> kinds = new ArrayList<>();
        for (JsonElement element : followUp.getAsJsonArray("upcomingMilestones")) {
            JsonObject milestone = element.getAsJsonObject();
            String kind = milestone.get("kind").getAsString();
            ZonedDateTime at = Instant.parse(milestone.get("time").getAsString()).atZone(stockholm);
            assertThat(at.getDayOfWeek()).as(kind + " at " + at).isBetween(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
            assertThat(at.toLocalTime()).as(kind + " at " + at).isBetween(LocalTime.of(9, 0), LocalTime.of(17, 0));
            assertThat(at).as(kind + " not before the follow-up is due").isAfterOrEqualTo(friday);
            kinds.add(kind);
        }
        assertThat(kinds).containsExactly("MILESTONE_KIND_DUE", "MILESTONE_KIND_WARNING", "MILESTONE_KIND_BREACH",
                "MILESTONE_KIND_ESCALATION", "MILESTONE_KIND_ESCALATION");
        JsonArray milestones = followUp.getAsJsonArray("upcomingMilestones");
        assertThat(Instant.parse(milestones.get(1).getAsJsonObject().get("time").getAsString()).atZone(stockholm))
                .as("the warning: 6 of the 8 working hours from due, after the change").isEqualTo(ZonedDateTime.of(
                        2027, 3, 29, 13, 0, 0, 0, stockholm));
        assertThat(Instant.parse(milestones.get(4).getAsJsonObject().get("time").getAsString()).atZone(stockholm))
                .as("the head of customer care: 8 working hours after the breach").isEqualTo(ZonedDateTime.of(2027, 3,
                        30, 15, 0, 0, 0, stockholm));
    }
}
