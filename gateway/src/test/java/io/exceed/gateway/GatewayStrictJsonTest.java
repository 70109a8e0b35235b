package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.exceed.common.v1.ContactChannel;
import io.exceed.customer.v1.CreateCustomerRequest;
import io.exceed.customer.v1.Customer;

/**
 * Strict proto3 JSON at the REST edge: a value of another JSON kind than its field's (a number for a string, a
 * string for a 32-bit number or a boolean), control characters and unpaired surrogates in text, and a body that
 * is not UTF-8 are 400s naming the field by its path, and reach no service; what the proto3 JSON mapping allows
 * (64-bit integers as strings, enums by number, null) still goes through.
 */
class GatewayStrictJsonTest extends GatewayTestBase {

    @Test
    void aNumberForAStringIsA400NamingTheField() {
        createCustomer("{\"displayName\": 12}")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("INVALID_REQUEST")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo("displayName")
                .jsonPath("$.errors[0].message").isEqualTo("must be a JSON string, not a number")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("displayName"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aStringForANumberOrABooleanIsA400NamingTheField() {
        createCustomer("{\"displayName\": \"Ann\", \"contactPreferences\": {\"budget\": {\"maxContacts\": \"3\"}}}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("contactPreferences.budget.maxContacts")
                .jsonPath("$.errors[0].message").isEqualTo("must be a JSON number, not a string");
        http.post().uri("/v1/playbooks:evaluate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"validateOnly\": \"true\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("validateOnly")
                .jsonPath("$.errors[0].message").isEqualTo("must be true or false, not a string");
        createCustomer("{\"displayName\": \"Ann\", \"contactPreferences\": {\"budget\": {\"period\": 3600}}}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("contactPreferences.budget.period");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesInTextAre400s() {
        String[][] cases = {{"\\u0000", "U+0000"}, {"\\u0007", "U+0007"}, {"\\u001b", "U+001B"}, {"\\u007f", "U+007F"},
                {"\\ud800", "unpaired surrogate"}, {"\\udc00x", "unpaired surrogate"}};
        for (String[] sent : cases) {
            createCustomer("{\"displayName\": \"Ann" + sent[0] + "Berg\"}")
                    .expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("displayName")
                    .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains(sent[1]));
        }
        createCustomer("{\"displayName\": \"Ann\", \"emails\": [\"ann@example.com\", \"x\\u0001@example.com\"]}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("emails[1]");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();

        // Tabs and line breaks are text; a character outside the BMP is a pair of surrogates, not an unpaired one.
        createCustomer("{\"displayName\": \"Ann\\tBerg\\r\\n\\ud83d\\ude00 😀\"}").expectStatus().isOk();
        assertThat(lastCustomer().getDisplayName()).isEqualTo("Ann\tBerg\r\n😀 😀");
    }

    @Test
    void everyMisfitIsNamedByItsPathInNestedRepeatedAndMapFields() {
        createCustomer("{\"displayName\": \"Ann\", \"emails\": [\"ann@example.com\", 7],"
                + " \"segment\": {\"attributes\": {\"region\": 5}},"
                + " \"contactPreferences\": {\"allowedChannels\": [\"CONTACT_CHANNEL_SMS\", true, \"CONTACT_CHANNEL_PIGEON\"]}}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()").isEqualTo(4)
                .jsonPath("$.errors[0].field").isEqualTo("emails[1]")
                .jsonPath("$.errors[1].field").isEqualTo("segment.attributes.region")
                .jsonPath("$.errors[2].field").isEqualTo("contactPreferences.allowedChannels[1]")
                .jsonPath("$.errors[3].field").isEqualTo("contactPreferences.allowedChannels[2]")
                .jsonPath("$.errors[3].message").value(message -> assertThat((String) message)
                        .contains("ContactChannel"));
        // With the whole body as the request, the path starts at the request.
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customer\": {\"display_name\": false}}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("customer.display_name");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void whatProto3JsonAllowsStillGoesThrough() {
        createCustomer("{\"display_name\": \"Ann\", \"emails\": null,"
                + " \"value\": {\"lifetimeValue\": {\"currencyCode\": \"EUR\", \"units\": \"1200\", \"nanos\": 5e8}},"
                + " \"contactPreferences\": {\"allowedChannels\": [2, \"CONTACT_CHANNEL_EMAIL\"],"
                + " \"budget\": {\"maxContacts\": 3, \"period\": \"3600s\"}},"
                + " \"segment\": {\"customerSince\": \"2020-01-01T00:00:00Z\"}}")
                .expectStatus().isOk();
        Customer sent = lastCustomer();
        assertThat(sent.getValue().getLifetimeValue().getUnits()).isEqualTo(1200);
        assertThat(sent.getValue().getLifetimeValue().getNanos()).isEqualTo(500_000_000);
        assertThat(sent.getContactPreferences().getAllowedChannelsList())
                .containsExactly(ContactChannel.CONTACT_CHANNEL_SMS, ContactChannel.CONTACT_CHANNEL_EMAIL);
        assertThat(sent.getContactPreferences().getBudget().getPeriod().getSeconds()).isEqualTo(3600);

        createCustomer("{\"displayName\": \"Ann\", \"value\": {\"lifetimeValue\": {\"units\": -1200}}}")
                .expectStatus().isOk();
        assertThat(lastCustomer().getValue().getLifetimeValue().getUnits()).isEqualTo(-1200);
    }

    @Test
    void queryParametersAndPathVariablesAreCheckedToo() {
        http.get().uri("/v1/customers?account_owner={owner}", "kim\u0000").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("account_owner")
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("U+0000"));
        http.get().uri("/v1/customers/{id}", "c\u00071").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("customer_id");
        http.get().uri("/v1/customers?page_size=2.5").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page_size");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aBodyThatIsNotUtf8IsA400() {
        byte[] latin1 = "{\"displayName\": \"Åsa\"}".getBytes(StandardCharsets.ISO_8859_1);
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON).bodyValue(latin1).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("MALFORMED_JSON")
                .jsonPath("$.detail").isEqualTo("the request body is not valid UTF-8");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    private WebTestClient.ResponseSpec createCustomer(String body) {
        return http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Customer lastCustomer() {
        return ((CreateCustomerRequest) FakeBackends.LAST_REQUEST.get()).getCustomer();
    }
}
