package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.exceed.followup.v1.UpdateWebhookEndpointRequest;

/**
 * ETags from the resources' revision, If-Match into the request's expected revision, 412 for a stale one and
 * 428 for a PATCH that pins none.
 */
class GatewayPreconditionsTest extends GatewayTestBase {

    private static final String UPDATE = "{\"url\": \"https://crm.example.com/hooks\"}";

    @Test
    void readsOfVersionedResourcesCarryTheirRevisionAsAStrongETag() {
        http.get().uri("/v1/webhookEndpoints/we-1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"4\"");
        // Customers call it version.
        http.get().uri("/v1/customers/c-1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
        http.get().uri("/v1/customers").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ETAG);
    }

    @Test
    void ifNoneMatchWithTheCurrentETagIsA304() {
        http.get().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_NONE_MATCH, "\"3\", W/\"4\"").exchange()
                .expectStatus().isNotModified()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"4\"")
                .expectBody().isEmpty();
        http.get().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_NONE_MATCH, "\"3\"").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.revision").isEqualTo("4");
        http.get().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "\"3\"").exchange()
                .expectStatus().isEqualTo(412);
    }

    @Test
    void ifMatchSetsTheExpectedRevisionAndTheReplyCarriesTheNewETag() {
        http.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "\"4\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(UPDATE)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"5\"");
        UpdateWebhookEndpointRequest received = (UpdateWebhookEndpointRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(received.hasExpectedRevision()).isTrue();
        assertThat(received.getExpectedRevision()).isEqualTo(4);
    }

    @Test
    void aStaleRevisionIsA412() {
        http.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "\"3\"")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(UPDATE)
                .exchange()
                .expectStatus().isEqualTo(412)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VERSION_MISMATCH")
                .jsonPath("$.title").isEqualTo("Precondition Failed");
        // The same when the caller pinned the revision in the body.
        http.patch().uri("/v1/webhookEndpoints/we-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"https://crm.example.com/hooks\", \"expectedRevision\": \"2\"}")
                .exchange()
                .expectStatus().isEqualTo(412);
    }

    @Test
    void ifMatchStarChecksNothing() {
        http.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "*")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(UPDATE)
                .exchange()
                .expectStatus().isOk();
        assertThat(((UpdateWebhookEndpointRequest) FakeBackends.LAST_REQUEST.get()).hasExpectedRevision()).isFalse();
    }

    @Test
    void aPatchThatPinsNoRevisionIsA428() {
        http.patch().uri("/v1/webhookEndpoints/we-1").contentType(MediaType.APPLICATION_JSON).bodyValue(UPDATE)
                .exchange()
                .expectStatus().isEqualTo(428)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("IF_MATCH_REQUIRED")
                .jsonPath("$.errors[0].field").isEqualTo(HttpHeaders.IF_MATCH);
        http.patch().uri("/v1/customers/c-1?update_mask=display_name").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\"}")
                .exchange()
                .expectStatus().isEqualTo(428);
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aMalformedIfMatchIsA400NamingTheHeader() {
        for (String malformed : new String[] {"W/\"4\"", "4", "\"four\"", "\"3\", \"4\"", "\"99999999999999999999\""}) {
            http.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, malformed)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(UPDATE)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(HttpHeaders.IF_MATCH);
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void ifMatchThatContradictsTheBodyOrCannotBeCheckedIsA400() {
        http.patch().uri("/v1/webhookEndpoints/we-1").header(HttpHeaders.IF_MATCH, "\"4\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\": \"https://crm.example.com/hooks\", \"expectedRevision\": \"3\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(HttpHeaders.IF_MATCH);
        // Deleting a customer takes no revision, so a condition on it could not be kept.
        http.delete().uri("/v1/customers/c-1").header(HttpHeaders.IF_MATCH, "\"3\"").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(HttpHeaders.IF_MATCH);
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }
}
