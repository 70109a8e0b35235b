package io.exceed.system;

import static io.exceed.system.Rest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The seed stories that start on a customer's record: customer-service announces timeline events and stale
 * expectations, and followup-service's default playbooks schedule the follow-ups; driven only through the
 * gateway's REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerEventStoriesSystemTest {

    private static final Duration PLATFORM_REACTS = Duration.ofSeconds(60);
    /** The default retention playbook's calendar: Monday to Friday, 09:00-17:00 in the customer's time zone. */
    private static final LocalTime OFFICE_OPENS = LocalTime.of(9, 0);
    private static final LocalTime OFFICE_CLOSES = LocalTime.of(17, 0);

    private Platform platform;

    @BeforeAll
    void platform() {
        platform = Platform.started();
    }

    private static Rest newTenant(Platform platform) {
        return Rest.forNewTenant(platform, "t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static Optional<JsonObject> followUp(Rest rest, String customerId, String reason) {
        for (JsonElement followUp : rest.get("/v1/followUps?customer_id=" + customerId).ok()
                .getAsJsonArray("followUps")) {
            if (followUp.getAsJsonObject().get("reason").getAsString().equals(reason)) {
                return Optional.of(followUp.getAsJsonObject());
            }
        }
        return Optional.empty();
    }

    private static Instant time(JsonObject object, String field) {
        return Instant.parse(object.get(field).getAsString());
    }

    /**
     * Seed 003: a client gives notice of termination; the account owner is to meet them within one business day, in
     * the customer's own office hours (09:00-17:00 in their time zone) and outside their quiet hours (21:00-08:00
     * local), wherever they are: Tokyo, Stockholm and New York.
     */
    @Test
    void aTerminationNoticeGetsARetentionMeetingWithinOneBusinessDayInTheCustomersOwnOfficeHours() {
        Rest rest = newTenant(platform);
        Map<ZoneId, String> customers = new LinkedHashMap<>();
        for (String zone : List.of("Asia/Tokyo", "Europe/Stockholm", "America/New_York")) {
            customers.put(ZoneId.of(zone), rest.post("/v1/customers", json("{'displayName': 'Leaving Corp " + zone
                    + "', 'emails': ['board@leaving.se'], 'accountOwner': 'maria@shop.example', 'timeZone': '"
                    + zone + "', 'contactPreferences': {'allowedChannels': ['CONTACT_CHANNEL_IN_PERSON'],"
                    + " 'quietHours': {'start': {'hours': 21}, 'end': {'hours': 8}}}}")).ok().get("id").getAsString());
        }
        Instant noticed = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        customers.values().forEach(customerId -> rest.post("/v1/customers/" + customerId + "/timeline",
                json("{'contractEvent': {'kind': 'CONTRACT_EVENT_KIND_TERMINATION_NOTICE', 'contractReference':"
                        + " 'contract-77'}}")).ok());

        customers.forEach((zone, customerId) -> {
            JsonObject meeting = await("the retention meeting in " + zone).atMost(PLATFORM_REACTS)
                    .until(() -> followUp(rest, customerId, "FOLLOW_UP_REASON_RETENTION_MEETING"),
                            Optional::isPresent).orElseThrow();
            assertThat(meeting.get("owner").getAsString()).as("the account owner, from customer-service")
                    .isEqualTo("maria@shop.example");
            assertThat(meeting.get("channel").getAsString()).isEqualTo("CONTACT_CHANNEL_IN_PERSON");
            assertThat(meeting.getAsJsonObject("contactWindow").get("timeZone").getAsString())
                    .isEqualTo(zone.getId());
            Instant due = time(meeting, "dueTime");
            assertThat(due).as(zone + ": due at once, or at the customer's next office hour")
                    .isBetween(noticed.minusSeconds(1), plusWorkingTime(noticed, Duration.ofHours(8), zone));
            assertThat(isWorkingTime(due, zone)).as(zone + ": within the customer's office hours, " + due.atZone(zone))
                    .isTrue();
            Instant deadline = time(meeting, "slaDeadline");
            assertThat(deadline).isAfter(due);
            assertThat(workingTimeBetween(due, deadline, zone)).as(zone + ": one business day")
                    .isLessThanOrEqualTo(Duration.ofHours(8));
            assertThat(time(meeting, "promisedTime").atZone(zone).toLocalTime())
                    .as(zone + ": promised in the customer's day").isBetween(LocalTime.of(8, 0), LocalTime.of(21, 0));
        });
    }

    /**
     * Seed 004: expectations change, so they are asked again. A customer whose latest expectations are older than
     * the stale age (180 days) gets an expectation-refresh follow-up from customer-service's sweep.
     */
    @Test
    void expectationsOlderThanTheThresholdAreAskedAgainAndALaterSurveyIsReadAgainstTheNewOnes() {
        Rest rest = newTenant(platform);
        String customerId = rest.post("/v1/customers", json("{'displayName': 'Stale Stina', 'emails':"
                + " ['stina@example.se'], 'accountOwner': 'maria@shop.example', 'timeZone': 'Europe/Stockholm'}"))
                .ok().get("id").getAsString();
        String observed = Instant.now().minus(Duration.ofDays(200)).truncatedTo(ChronoUnit.SECONDS).toString();
        rest.post("/v1/customers/" + customerId + "/expectations", json("{'source': 'EXPECTATION_SOURCE_SURVEY',"
                + " 'driverWeights': [{'driver': 'DRIVER_QUALITY', 'weight': 70}, {'driver': 'DRIVER_SERVICE',"
                + " 'weight': 30}], 'dimensionLevels': [{'dimension': 'SERVICE_DIMENSION_RELIABILITY',"
                + " 'expectedLevel': 85}], 'observeTime': '" + observed + "'}")).ok();
        String fresh = rest.post("/v1/customers", json("{'displayName': 'Fresh Frida', 'accountOwner':"
                + " 'maria@shop.example', 'timeZone': 'Europe/Stockholm'}")).ok().get("id").getAsString();
        rest.post("/v1/customers/" + fresh + "/expectations", json("{'source': 'EXPECTATION_SOURCE_INTERVIEW',"
                + " 'dimensionLevels': [{'dimension': 'SERVICE_DIMENSION_COURTESY', 'expectedLevel': 70}]}")).ok();

        JsonObject refresh = await("the expectation refresh").atMost(PLATFORM_REACTS)
                .until(() -> followUp(rest, customerId, "FOLLOW_UP_REASON_EXPECTATION_REFRESH"), Optional::isPresent)
                .orElseThrow();
        assertThat(refresh.get("owner").getAsString()).isEqualTo("maria@shop.example");
        assertThat(refresh.get("sourceReference").getAsString()).startsWith("expectations/").endsWith("/stale");
        assertThat(followUp(rest, fresh, "FOLLOW_UP_REASON_EXPECTATION_REFRESH"))
                .as("expectations stated today are not stale").isEmpty();

        // The owner asks again: reliability now matters less to her. A later survey is read against that.
        rest.post("/v1/customers/" + customerId + "/expectations", json("{'source': 'EXPECTATION_SOURCE_INTERVIEW',"
                + " 'dimensionLevels': [{'dimension': 'SERVICE_DIMENSION_RELIABILITY', 'expectedLevel': 60},"
                + " {'dimension': 'SERVICE_DIMENSION_COURTESY', 'expectedLevel': 90}]}")).ok();
        String surveyId = rest.post("/v1/surveys", json("{'title': 'After the visit', 'purpose':"
                + " 'SURVEY_PURPOSE_TRANSACTIONAL', 'defaultLanguage': 'en', 'questions': ["
                + "{'id': 'reliability', 'kind': 'QUESTION_KIND_DIMENSION_RATING', 'dimension':"
                + " 'SERVICE_DIMENSION_RELIABILITY', 'text': [{'language': 'en', 'text': 'Reliable?'}]},"
                + "{'id': 'courtesy', 'kind': 'QUESTION_KIND_DIMENSION_RATING', 'dimension':"
                + " 'SERVICE_DIMENSION_COURTESY', 'text': [{'language': 'en', 'text': 'Courteous?'}]}]}"))
                .ok().get("id").getAsString();
        rest.post("/v1/surveys/" + surveyId + ":publish", json("{}")).ok();
        String responseId = rest.post("/v1/surveys/" + surveyId + "/responses", json("{'customerId': '" + customerId
                + "', 'answers': [{'questionId': 'reliability', 'score': 75}, {'questionId': 'courtesy',"
                + " 'score': 80}]}")).ok().get("id").getAsString();

        JsonObject response = rest.get("/v1/responses/" + responseId).ok();
        assertThat(response.getAsJsonArray("gaps")).as("gaps against the new snapshot, not the stale 85")
                .extracting(gap -> gap.getAsJsonObject().get("dimension").getAsString() + " "
                        + gap.getAsJsonObject().get("perceived").getAsInt() + "-"
                        + gap.getAsJsonObject().get("expected").getAsInt() + "="
                        + gap.getAsJsonObject().get("gap").getAsInt())
                .containsExactlyInAnyOrder("SERVICE_DIMENSION_RELIABILITY 75-60=15",
                        "SERVICE_DIMENSION_COURTESY 80-90=-10");
    }

    private static boolean isWorkingTime(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        return local.getDayOfWeek().getValue() <= 5 && !time.isBefore(OFFICE_OPENS) && !time.isAfter(OFFICE_CLOSES);
    }

    /** The office time in {@code zone} between two instants, counted minute by minute. */
    private static Duration workingTimeBetween(Instant from, Instant to, ZoneId zone) {
        long minutes = 0;
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(60)) {
            if (isWorkingTime(at, zone) && isWorkingTime(at.plusSeconds(60), zone)) {
                minutes++;
            }
        }
        return Duration.ofMinutes(minutes);
    }

    /** {@code from} plus {@code work} of office time in {@code zone}, counted minute by minute. */
    private static Instant plusWorkingTime(Instant from, Duration work, ZoneId zone) {
        Instant at = from;
        long left = work.toMinutes();
        for (int minute = 0; left > 0; minute++) {
            if (minute > 14 * 24 * 60) {
                throw new IllegalStateException("no working time within two weeks of " + from);
            }
            if (isWorkingTime(at, zone) && isWorkingTime(at.plusSeconds(60), zone)) {
                left--;
            }
            at = at.plusSeconds(60);
        }
        return at;
    }
}
