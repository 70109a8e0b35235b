package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.exceed.followup.v1.WatchFollowUpEventsRequest;

/** Server-streaming methods as Server-Sent Events: ids, resuming, errors before and during the stream, cancel. */
class GatewayEventStreamTest extends GatewayTestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Test
    void eachMessageIsAnEventWithItsSequenceAsId() {
        List<ServerSentEvent<String>> events = events(http.get().uri("/v1/followUpEvents:watch?after_sequence=5")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader().valueEquals("Cache-Control", "no-cache"));
        assertThat(events).extracting(ServerSentEvent::id).containsExactly("6", "7");
        assertThat(events).extracting(ServerSentEvent::event).containsOnlyNulls();
        JsonObject first = JsonParser.parseString(events.getFirst().data()).getAsJsonObject();
        assertThat(first.get("sequence").getAsString()).isEqualTo("6");
        assertThat(first.get("type").getAsString()).isEqualTo("FOLLOW_UP_EVENT_TYPE_DUE");
        assertThat(first.get("occurTime").getAsString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(events.getFirst().data()).doesNotContain("\n");
        assertThat(FakeBackends.LAST_REQUEST.get())
                .isEqualTo(WatchFollowUpEventsRequest.newBuilder().setAfterSequence(5).build());
        assertThat(FakeBackends.lastTenant()).isEqualTo(TENANT);
    }

    @Test
    void lastEventIdResumesAfterThatEvent() {
        List<ServerSentEvent<String>> events = events(http.get().uri("/v1/followUpEvents:watch?after_sequence=5")
                .header("Last-Event-ID", "41").exchange().expectStatus().isOk());
        assertThat(events).extracting(ServerSentEvent::id).containsExactly("42", "43");
        assertThat(((WatchFollowUpEventsRequest) FakeBackends.LAST_REQUEST.get()).getAfterSequence()).isEqualTo(41);
    }

    @Test
    void aMalformedLastEventIdIsA400NamingTheHeader() {
        for (String malformed : new String[] {"forty-one", "-1"}) {
            http.get().uri("/v1/followUpEvents:watch").header("Last-Event-ID", malformed).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("Last-Event-ID");
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aFailureBeforeTheFirstEventIsAProblem() {
        http.get().uri("/v1/followUpEvents:watch?after_sequence=2000").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("the filter is invalid")
                .jsonPath("$.errors[0].field").isEqualTo("types");
        // A backend that is down: the same, as a 503.
        http.get().uri("/v1/feedbackEvents:watch").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aFailureDuringTheStreamIsAnErrorEvent() {
        List<ServerSentEvent<String>> events = events(http.get().uri("/v1/followUpEvents:watch?after_sequence=1000")
                .exchange().expectStatus().isOk());
        assertThat(events).hasSize(2);
        assertThat(events.get(0).id()).isEqualTo("1001");
        assertThat(events.get(1).event()).isEqualTo("error");
        JsonObject problem = JsonParser.parseString(events.get(1).data()).getAsJsonObject();
        assertThat(problem.get("status").getAsInt()).isEqualTo(503);
        assertThat(problem.get("instance").getAsString()).isEqualTo("/v1/followUpEvents:watch");
    }

    @Test
    void aClientThatGoesAwayCancelsTheBackendCall() throws InterruptedException {
        FakeBackends.WATCH_CANCELLED = new CountDownLatch(1);
        ServerSentEvent<String> first = http.get().uri("/v1/followUpEvents:watch?after_sequence=3000").exchange()
                .expectStatus().isOk()
                .returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null)
                .blockFirst(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        assertThat(first.id()).isEqualTo("3001");
        assertThat(FakeBackends.WATCH_CANCELLED.await(10, TimeUnit.SECONDS)).as("the watch was cancelled").isTrue();
    }

    @Test
    void watchingNeedsTheReadScope() {
        WebTestClient customersOnly = withKey(issue(TENANT, "customers:read").get("key").getAsString());
        customersOnly.get().uri("/v1/followUpEvents:watch").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("followups:read"));
    }

    private static List<ServerSentEvent<String>> events(WebTestClient.ResponseSpec response) {
        return response.returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null)
                .collectList()
                .block(Duration.ofSeconds(10));
    }
}
