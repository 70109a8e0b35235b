package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;

import reactor.core.publisher.Flux;

/**
 * Bodies too large or too deep, values of the wrong type and unknown fields: a problem naming the limit or the
 * field, and nothing reaches the service.
 */
class GatewayRequestLimitsTest extends GatewayTestBase {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void aBodyOverTheLimitIsA413() {
        String tooLarge = "{\"displayName\": \"" + "a".repeat(ONE_MIB) + "\"}";
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON).bodyValue(tooLarge)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("BODY_TOO_LARGE")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(Integer.toString(ONE_MIB)));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsA413() {
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> chunks = Flux.concat(
                Flux.just(buffers.wrap("{\"displayName\": \"".getBytes(StandardCharsets.UTF_8))),
                Flux.range(0, 17).map(i -> buffers.wrap("a".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8))),
                Flux.just(buffers.wrap("\"}".getBytes(StandardCharsets.UTF_8))));
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .body(chunks, DataBuffer.class)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.code").isEqualTo("BODY_TOO_LARGE");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aBodyJustUnderTheLimitIsServed() {
        // Insignificant whitespace: the body is at the limit, the message the service gets is small.
        String large = "{\"displayName\": \"Ann\"" + " ".repeat(ONE_MIB - 100) + "}";
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON).bodyValue(large)
                .exchange()
                .expectStatus().isOk();
    }

    @Test
    void aBodyNestedDeeperThanTheLimitIsA400NamingIt() {
        String deep = "{\"customer\": {\"tags\": " + "[".repeat(40) + "]".repeat(40) + "}}";
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON).bodyValue(deep)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("JSON_TOO_DEEP")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("32"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aValueOfTheWrongTypeIsA400NamingTheField() {
        http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Ann\", \"emails\": \"ann@example.com\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("emails");
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customer\": {\"displayName\": \"Ann\", \"createTime\": \"yesterday\"}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("customer.createTime");
        http.get().uri("/v1/customers?page_size=many").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page_size");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void aNestedUnknownFieldIsA400WithItsPath() {
        http.post().uri("/v1/customers:upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customer\": {\"displayName\": \"Ann\", \"contactPreferences\": {\"pigeon\": true}}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("customer.contactPreferences.pigeon")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("pigeon"));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }

    @Test
    void malformedJsonIsA400AndReachesNothing() {
        for (String malformed : new String[] {"{\"displayName\": 'Ann'}", "{\"displayName\": \"Ann\"", "{} {}", "[1,]"}) {
            http.post().uri("/v1/customers").contentType(MediaType.APPLICATION_JSON).bodyValue(malformed)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_JSON");
        }
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
    }
}
