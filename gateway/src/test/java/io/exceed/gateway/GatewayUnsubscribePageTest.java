package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.exceed.feedback.v1.UnsubscribeRequest;

/**
 * The e-mails' unsubscribe link {@code /u/{token}}: a GET only shows a page whose button POSTs; the RFC 8058
 * one-click POST (urlencoded or multipart {@code List-Unsubscribe=One-Click}) reaches feedback-service's public
 * RespondentService.Unsubscribe with the token and without a tenant, and every answer is a short page, never a
 * redirect. POSTs take the caller's address's public bucket (6 here, then one an hour), so the tests run in order
 * and the last one empties it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-unsubscribe-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.deadline=5s",
        "exceed.gateway.rate-limits.public-routes.capacity=6",
        "exceed.gateway.rate-limits.public-routes.refill-tokens=1",
        "exceed.gateway.rate-limits.public-routes.refill-period=1h"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayUnsubscribePageTest {

    @LocalServerPort
    int port;

    WebTestClient anonymous;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.register(registry, FakeBackends::respondentTarget);
    }

    @BeforeEach
    void client() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        FakeBackends.LAST_REQUEST.set(null);
        FakeBackends.LAST_METADATA.set(null);
    }

    @Test
    @Order(1)
    void aGetShowsAFormThatPostsTheOneClickFieldAndUnsubscribesNobody() {
        String page = body(anonymous.get().uri("/u/{token}", "tok_abc").header(HttpHeaders.ACCEPT_LANGUAGE, "sv-FI, en;q=0.5")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("form-action 'self'", "frame-ancestors 'none'")));

        assertThat(page).contains("<html lang=\"sv\">", "<form method=\"post\">",
                "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">", "Avregistrera mig")
                .doesNotContain("tok_abc").doesNotContain("<script");
        assertThat(FakeBackends.LAST_REQUEST.get()).as("a GET never unsubscribes: link scanners fetch links").isNull();
        anonymous.get().uri("/web/exceed.css").exchange().expectStatus().isOk();
    }

    @Test
    @Order(2)
    void theOneClickPostCallsTheBackendWithTheTokenAndNoTenant() {
        String done = body(anonymous.post().uri("/u/{token}", "tok_urlencoded")
                .header("x-tenant-id", "acme")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("List-Unsubscribe=One-Click")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Cache-Control", "no-store"));

        assertThat(done).contains("You are unsubscribed.").doesNotContain("tok_urlencoded");
        assertThat(((UnsubscribeRequest) FakeBackends.LAST_REQUEST.get()).getToken()).isEqualTo("tok_urlencoded");
        assertThat(FakeBackends.LAST_METADATA.get().containsKey(FakeBackends.TENANT))
                .as("the token names the tenant; nothing the caller sends does").isFalse();

        MultipartBodyBuilder form = new MultipartBodyBuilder();
        form.part("List-Unsubscribe", "One-Click");
        anonymous.post().uri("/u/{token}", "tok_multipart").header(HttpHeaders.ACCEPT_LANGUAGE, "zh-Hans-CN")
                .body(BodyInserters.fromMultipartData(form.build()))
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("您已退订。"));
        assertThat(((UnsubscribeRequest) FakeBackends.LAST_REQUEST.get()).getToken()).isEqualTo("tok_multipart");
    }

    @Test
    @Order(3)
    void anUnknownLinkIs404ABackendThatCannotIs503AndAPostWithoutTheFieldIs400() {
        assertThat(body(post(FakeBackends.UNKNOWN_UNSUBSCRIBE_TOKEN, "List-Unsubscribe=One-Click")
                .expectStatus().isNotFound()))
                .contains("This unsubscribe link is unknown or has expired.");
        assertThat(body(post(FakeBackends.UNAVAILABLE_UNSUBSCRIBE_TOKEN, "List-Unsubscribe=One-Click")
                .expectStatus().isEqualTo(503)))
                .contains("Please try again");

        FakeBackends.LAST_REQUEST.set(null);
        post("tok_other_form", "subscribe=yes").expectStatus().isBadRequest();
        assertThat(FakeBackends.LAST_REQUEST.get()).isNull();
    }

    @Test
    @Order(4)
    void postsAreLimitedByTheCallersAddress() {
        // Five of the six tokens went to the tests before; one is left.
        post("tok_last", "List-Unsubscribe=One-Click").expectStatus().isOk();
        FakeBackends.LAST_REQUEST.set(null);

        post("tok_refused", "List-Unsubscribe=One-Click")
                .expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value -> RateLimitHeaders.assertSeconds(value, 3600));
        assertThat(FakeBackends.LAST_REQUEST.get()).as("nothing reached the backend").isNull();
        anonymous.get().uri("/u/{token}", "tok_refused").exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec post(String token, String form) {
        return anonymous.post().uri("/u/{token}", token).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(form).exchange();
    }

    private static String body(WebTestClient.ResponseSpec response) {
        return new String(response.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }
}
