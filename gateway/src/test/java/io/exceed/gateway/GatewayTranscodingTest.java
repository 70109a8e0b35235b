package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.DeleteCustomerRequest;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.GetCustomerRequest;
import io.exceed.customer.v1.ListCustomersRequest;
import io.exceed.customer.v1.RelationshipState;
import io.exceed.customer.v1.UpsertCustomerRequest;
import io.exceed.followup.v1.FollowUpEventType;
import io.exceed.followup.v1.RotateWebhookSecretRequest;
import io.exceed.followup.v1.UpdateWebhookEndpointRequest;

/** REST calls become the contract's gRPC requests, and replies come back in the proto3 JSON mapping. */
class GatewayTranscodingTest extends GatewayTestBase {

    @Test
    void getBindsThePathVariableAndPrintsProto3Json() {
        http.get().uri("/v1/customers/{id}", "c 42").exchange() // sent as c%2042
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.id").isEqualTo("c 42")
                .jsonPath("$.displayName").isEqualTo("Åsa Öberg")
                .jsonPath("$.version").isEqualTo("3") // int64 is a string in proto3 JSON
                .jsonPath("$.createTime").isEqualTo("2026-01-01T00:00:00Z")
                .jsonPath("$.relationshipState").isEqualTo("RELATIONSHIP_STATE_UNSPECIFIED")
                .jsonPath("$.emails").isArray();
        assertThat(FakeBackends.LAST_REQUEST.get())
                .isEqualTo(GetCustomerRequest.newBuilder().setCustomerId("c 42").build());
    }

    @Test
    void queryParametersSetFieldsInSnakeCaseOrLowerCamel() {
        http.get().uri("/v1/customers?page_size=25&pageToken=abc&relationship_state=RELATIONSHIP_STATE_AT_RISK&accountOwner=kim")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.nextPageToken").isEqualTo("next");
        assertThat(FakeBackends.LAST_REQUEST.get()).isEqualTo(ListCustomersRequest.newBuilder()
                .setPageSize(25).setPageToken("abc").setRelationshipState(RelationshipState.RELATIONSHIP_STATE_AT_RISK)
                .setAccountOwner("kim").build());
    }

    @Test
    void thePageTokenOfAReplyLeadsToTheNextPageUnchanged() {
        byte[] firstPage = http.get().uri("/v1/customers?page_size=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.customers[0].id").isEqualTo("c-1")
                .jsonPath("$.nextPageToken").isEqualTo(FakeBackends.PAGE_TWO)
                .returnResult().getResponseBody();
        String token = com.google.gson.JsonParser.parseString(new String(firstPage, java.nio.charset.StandardCharsets.UTF_8))
                .getAsJsonObject().get("nextPageToken").getAsString();
        http.get().uri(builder -> builder.path("/v1/customers").queryParam("page_size", 1)
                        .queryParam("page_token", "{token}").build(token))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.customers[0].id").isEqualTo("c-2")
                .jsonPath("$.nextPageToken").isEqualTo("");
        assertThat(FakeBackends.LAST_REQUEST.get())
                .isEqualTo(ListCustomersRequest.newBuilder().setPageSize(1).setPageToken(token).build());
    }

    @Test
    void postWithABodyFieldPutsTheBodyInThatFieldAndQueryParametersBesideIt() {
        http.post().uri("/v1/customers?request_id=r-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Li Wei 李伟\", \"emails\": [\"li@example.cn\"]}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").value(id -> assertThat((String) id).startsWith("customer-"))
                .jsonPath("$.displayName").isEqualTo("Li Wei 李伟");
        CreateCustomerRequest received = (CreateCustomerRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(received.getRequestId()).isEqualTo("r-1");
        assertThat(received.getCustomer().getDisplayName()).isEqualTo("Li Wei 李伟");
        assertThat(received.getCustomer().getEmailsList()).containsExactly("li@example.cn");
    }

    @Test
    void postWithTheWholeBodyAndACustomVerb() {
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("customer", Map.of("external_reference", "crm-1", "display_name", "Ann"),
                        "requestId", "r-2"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.created").isEqualTo(true)
                .jsonPath("$.customer.externalReference").isEqualTo("crm-1");
        UpsertCustomerRequest received = (UpsertCustomerRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(received.getRequestId()).isEqualTo("r-2");
        assertThat(received.getCustomer().getExternalReference()).isEqualTo("crm-1");
    }

    @Test
    void getWithACustomVerbIsNotTakenForAnId() {
        http.get().uri("/v1/customers/c-7:export").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.customer.id").isEqualTo("c-7");
        assertThat(FakeBackends.LAST_REQUEST.get())
                .isEqualTo(ExportCustomerRequest.newBuilder().setCustomerId("c-7").build());
    }

    @Test
    void customVerbWithTheWholeBodyAndAPathVariable() {
        http.post().uri("/v1/webhookEndpoints/we-1:rotateSecret").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"overlap\": \"3600s\", \"endpointId\": \"ignored, the path wins\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.secret").isEqualTo("whsec_test")
                .jsonPath("$.endpoint.id").isEqualTo("we-1");
        RotateWebhookSecretRequest received = (RotateWebhookSecretRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(received.getEndpointId()).isEqualTo("we-1");
        assertThat(received.getOverlap().getSeconds()).isEqualTo(3600);
    }

    @Test
    void patchWithTheWholeBody() {
        http.patch().uri("/v1/webhookEndpoints/we-2").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"https://crm.example.com/hooks\", \"event_types\": [\"FOLLOW_UP_EVENT_TYPE_BREACHED\"],"
                        + " \"expectedRevision\": \"4\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("we-2")
                .jsonPath("$.eventTypes[0]").isEqualTo("FOLLOW_UP_EVENT_TYPE_BREACHED");
        UpdateWebhookEndpointRequest received = (UpdateWebhookEndpointRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(received.getEndpointId()).isEqualTo("we-2");
        assertThat(received.getEventTypesList()).containsExactly(FollowUpEventType.FOLLOW_UP_EVENT_TYPE_BREACHED);
        assertThat(received.getExpectedRevision()).isEqualTo(4);
    }

    @Test
    void deleteWithAQueryParameterAnswersTheEmptyMessage() {
        http.delete().uri("/v1/customers/c-9?requestId=r-3").exchange()
                .expectStatus().isOk()
                .expectBody().json("{}");
        assertThat(FakeBackends.LAST_REQUEST.get()).isEqualTo(
                DeleteCustomerRequest.newBuilder().setCustomerId("c-9").setRequestId("r-3").build());
    }
}
