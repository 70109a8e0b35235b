package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import com.google.protobuf.DynamicMessage;

import io.exceed.gateway.rest.RequestBinder;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;

/** The route table is read from every contract's google.api.http annotations. */
class GatewayRouteTableTest {

    private final RouteTable table = RouteTable.fromContracts();

    @Test
    void everyServiceIsServedByItsBackend() {
        assertThat(table.backends()).containsExactly("customer-service", "feedback-service", "followup-service");
        assertThat(table.routes()).extracting(RestRoute::toString).contains(
                "GET /v1/customers/{customer_id}/feedbackSummary -> "
                        + "exceed.feedback.v1.FeedbackAnalyticsService.GetCustomerFeedbackSummary @ feedback-service",
                "POST /v1/webhookEndpoints/{endpoint_id}:rotateSecret -> "
                        + "exceed.followup.v1.WebhookService.RotateWebhookSecret @ followup-service");
    }

    @Test
    void additionalBindingsAreRoutesToo() {
        assertThat(table.find(HttpMethod.GET, List.of("v1", "playbooks", "p-1", "versions", "2"), ""))
                .isInstanceOfSatisfying(RouteTable.Found.class, found -> {
                    assertThat(found.route().method().getName()).isEqualTo("GetPlaybook");
                    assertThat(found.variables()).containsEntry("playbook_id", "p-1").containsEntry("version", "2");
                });
    }

    @Test
    void serverStreamingMethodsAreGetRoutes() {
        assertThat(table.routes()).filteredOn(RestRoute::serverStreaming).extracting(RestRoute::toString)
                .containsExactlyInAnyOrder(
                        "GET /v1/feedbackEvents:watch -> exceed.feedback.v1.FeedbackEventService.WatchFeedbackEvents"
                                + " @ feedback-service",
                        "GET /v1/followUpEvents:watch -> exceed.followup.v1.FollowUpEventService.WatchFollowUpEvents"
                                + " @ followup-service");
        assertThat(table.find(HttpMethod.GET, List.of("v1", "followUpEvents"), "watch"))
                .isInstanceOfSatisfying(RouteTable.Found.class,
                        found -> assertThat(found.route().call().getType())
                                .isEqualTo(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING));
    }

    @Test
    void noTwoRoutesClaimTheSameMethodAndPath() {
        assertThat(table.routes().stream()
                .collect(Collectors.groupingBy(r -> r.httpMethod() + " " + r.template().text(), Collectors.counting())))
                .allSatisfy((binding, count) -> assertThat(count).as(binding).isEqualTo(1L));
    }

    @Test
    void aMessageTemplateIsNamedByItsChannelKindAndLanguageInThePathAndTheBodyIsTheTemplate() {
        List<String> path = List.of("v1", "messageTemplates", "CONTACT_CHANNEL_EMAIL",
                "OUTBOUND_MESSAGE_KIND_SURVEY_INVITATION", "de");
        assertThat(table.find(HttpMethod.GET, path, "")).isInstanceOfSatisfying(RouteTable.Found.class,
                found -> assertThat(found.route().method().getName()).isEqualTo("GetMessageTemplate"));
        assertThat(table.find(HttpMethod.DELETE, path, "")).isInstanceOfSatisfying(RouteTable.Found.class,
                found -> assertThat(found.route().method().getName()).isEqualTo("DeleteMessageTemplate"));
        RouteTable.Found put = (RouteTable.Found) table.find(HttpMethod.PUT, path, "");

        DynamicMessage request = new RequestBinder(32).bind(put.route(), put.variables(), Map.of(),
                "{\"subject\": \"Wie war es?\", \"text\": \"Hier: {{survey_link}}\"}"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(request.getDescriptorForType().getFullName())
                .isEqualTo("exceed.feedback.v1.UpdateMessageTemplateRequest");
        assertThat(request.toString()).contains("channel: CONTACT_CHANNEL_EMAIL")
                .contains("kind: OUTBOUND_MESSAGE_KIND_SURVEY_INVITATION").contains("language: \"de\"")
                .contains("text: \"Hier: {{survey_link}}\"");
    }
}
