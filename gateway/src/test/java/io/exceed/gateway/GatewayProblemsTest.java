package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Every failure reaches the caller as application/problem+json (RFC 9457) with the right HTTP status. */
class GatewayProblemsTest extends GatewayTestBase {

    @Test
    void anUnknownFieldIsA400NamingIt() {
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\", \"shoeSize\": 42}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("shoeSize"))
                .jsonPath("$.errors[0].field").isEqualTo("shoeSize");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void anUnknownQueryParameterIsA400NamingIt() {
        http.get().uri("/v1/customers?colour=red").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("colour");
    }

    @Test
    void aValueOfTheWrongTypeIsA400() {
        http.get().uri("/v1/customers?page_size=many").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void malformedJsonIsA400() {
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customer\": {\"displayName\": 'Ann'")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("MALFORMED_JSON")
                .jsonPath("$.title").isEqualTo("Bad Request");
    }

    @Test
    void aBackendInvalidArgumentKeepsItsFieldViolationsAndReason() {
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \" \"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").isEqualTo("the customer is invalid")
                .jsonPath("$.code").isEqualTo("INVALID_CUSTOMER")
                .jsonPath("$.errors[0].field").isEqualTo("customer.display_name")
                .jsonPath("$.errors[0].message").isEqualTo("must not be blank")
                .jsonPath("$.instance").isEqualTo("/v1/customers");
    }

    @Test
    void aBackendNotFoundIsA404() {
        http.get().uri("/v1/customers/missing").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("CUSTOMER_NOT_FOUND")
                .jsonPath("$.status").isEqualTo(404);
    }

    @Test
    void aBackendThatIsDownIsA503() {
        http.get().uri("/v1/complaints/cp-1").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("the service is unavailable; retry later");
    }

    @Test
    void aBackendThatMissesTheDeadlineIsA504() {
        long start = System.nanoTime();
        http.get().uri("/v1/customers/slow").exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("the service did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FakeBackends.SLOW);
    }

    @Test
    void anUnknownPathIsA404Problem() {
        http.get().uri("/v1/nothingHere/1").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.instance").isEqualTo("/v1/nothingHere/1");
        http.get().uri("/elsewhere").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aKnownPathWithAnotherMethodIsA405ThatSaysWhichAreAllowed() {
        http.method(HttpMethod.PUT).uri("/v1/customers/c-1").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Allow", allow -> assertThat(allow).contains("GET", "DELETE"));
    }
}
