package io.exceed.followup.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"type\":\"followup.due\",\"id\":42}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureIsTheHmacOfIdTimestampAndBodyComputedIndependently() throws Exception {
        WebhookSecret secret = WebhookSecret.generate();

        String header = WebhookSignature.sign("msg_1", 1_700_000_000L, BODY, List.of(secret));

        assertThat(header).isEqualTo("v1," + independentHmac(secret.key(), "msg_1.1700000000." + body()));
    }

    /**
     * The test vector published with the Standard Webhooks specification (and used by the reference libraries'
     * own tests); recomputed once with Python's {@code hmac} module to confirm it. Matching it means receivers
     * can verify our deliveries with any Standard Webhooks library.
     */
    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        WebhookSecret secret = WebhookSecret.decode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        String header = WebhookSignature.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body, List.of(secret));

        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationEverySecretSignsInOrderSpaceSeparated() throws Exception {
        WebhookSecret current = WebhookSecret.generate();
        WebhookSecret next = WebhookSecret.generate();

        String header = WebhookSignature.sign("msg_2", 5L, BODY, List.of(current, next));

        String signed = "msg_2.5." + body();
        assertThat(header.split(" ")).containsExactly(
                "v1," + independentHmac(current.key(), signed),
                "v1," + independentHmac(next.key(), signed));
    }

    @Test
    void headersCarryIdTimestampInSecondsAndSignature() {
        WebhookSecret secret = WebhookSecret.generate();
        Instant sentAt = Instant.parse("2025-03-01T10:15:30.750Z");

        var headers = WebhookSignature.headers("msg_3", sentAt, BODY, List.of(secret));

        assertThat(headers).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature")
                .containsEntry("webhook-id", "msg_3")
                .containsEntry("webhook-timestamp", Long.toString(sentAt.getEpochSecond()))
                .containsEntry("webhook-signature",
                        WebhookSignature.sign("msg_3", sentAt.getEpochSecond(), BODY, List.of(secret)));
    }

    @Test
    void aChangedBodyChangesTheSignature() {
        WebhookSecret secret = WebhookSecret.generate();
        byte[] altered = BODY.clone();
        altered[altered.length - 2] = '3';

        assertThat(WebhookSignature.sign("msg_4", 1L, altered, List.of(secret)))
                .isNotEqualTo(WebhookSignature.sign("msg_4", 1L, BODY, List.of(secret)));
    }

    @Test
    void refusesToSignWithoutSecretOrId() {
        assertThatThrownBy(() -> WebhookSignature.sign("msg_5", 1L, BODY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.sign(" ", 1L, BODY, List.of(WebhookSecret.generate())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String body() {
        return new String(BODY, StandardCharsets.UTF_8);
    }

    private static String independentHmac(byte[] key, String signedContent) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signedContent.getBytes(StandardCharsets.UTF_8)));
    }
}
