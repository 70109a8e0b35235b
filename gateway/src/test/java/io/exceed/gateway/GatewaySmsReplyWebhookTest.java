package io.exceed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import io.exceed.feedback.v1.ReceiveSmsReplyRequest;

/**
 * The SMS provider's reply webhook {@code /sms/{tenant}/replies}: public (no API key), it hands the tenant, every
 * posted form parameter and the X-Twilio-Signature header to feedback-service's RespondentService.ReceiveSmsReply,
 * answers an empty TwiML document, and 403 when feedback-service refuses the signature.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "exceed.storage.database=gateway-sms-replies-${random.uuid}",
        "exceed.storage.data-dir=target/test-data",
        "exceed.gateway.deadline=5s"})
class GatewaySmsReplyWebhookTest {

    @LocalServerPort
    int port;

    WebTestClient provider;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) throws IOException {
        FakeBackends.register(registry, FakeBackends::respondentTarget);
    }

    @BeforeEach
    void client() {
        provider = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        FakeBackends.LAST_REQUEST.set(null);
    }

    @Test
    void aSignedReplyIsHandedOnWithEveryParameterAndAnsweredWithEmptyTwiml() {
        String body = new String(provider.post().uri("/sms/{tenant}/replies", "acme")
                .header("X-Twilio-Signature", FakeBackends.GOOD_SMS_SIGNATURE)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("From", "+46705555555").with("Body", "STOP")
                        .with("AccountSid", "AC123").with("OptOutType", "STOP"))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_XML)
                .expectBody().returnResult().getResponseBody());

        assertThat(body).endsWith("<Response/>");
        ReceiveSmsReplyRequest forwarded = (ReceiveSmsReplyRequest) FakeBackends.LAST_REQUEST.get();
        assertThat(forwarded.getTenant()).isEqualTo("acme");
        assertThat(forwarded.getSignature()).isEqualTo(FakeBackends.GOOD_SMS_SIGNATURE);
        assertThat(forwarded.getParametersList()).extracting(p -> p.getName() + "=" + p.getValue())
                .containsExactlyInAnyOrder("From=+46705555555", "Body=STOP", "AccountSid=AC123", "OptOutType=STOP");
    }

    @Test
    void aBadOrMissingSignatureIsForbidden() {
        provider.post().uri("/sms/{tenant}/replies", "acme")
                .header("X-Twilio-Signature", "forged")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("Body", "STOP"))
                .exchange()
                .expectStatus().isForbidden();
        provider.post().uri("/sms/{tenant}/replies", "acme")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("Body", "STOP"))
                .exchange()
                .expectStatus().isForbidden();
    }
}
