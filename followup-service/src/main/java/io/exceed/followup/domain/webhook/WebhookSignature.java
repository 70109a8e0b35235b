package io.exceed.followup.domain.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as the Standard Webhooks specification (https://www.standardwebhooks.com) describes, so a
 * receiver can verify them with any of its libraries: HMAC-SHA256 over {@code id.timestamp.body}. Signing the
 * id and timestamp with the body is what lets receivers reject replays and stale deliveries.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    /**
     * The {@code webhook-signature} value: one {@code v1,<base64>} entry per secret, space-separated. Several
     * secrets are passed while a secret is being rotated, so receivers holding either the old or the new one
     * accept the delivery.
     */
    public static String sign(String webhookId, long timestampEpochSeconds, byte[] body, List<WebhookSecret> secrets) {
        if (webhookId == null || webhookId.isBlank()) {
            throw new IllegalArgumentException("a webhook id is required");
        }
        if (body == null) {
            throw new IllegalArgumentException("a body is required (it may be empty)");
        }
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        byte[] signedPrefix = (webhookId + "." + timestampEpochSeconds + ".").getBytes(StandardCharsets.UTF_8);
        StringJoiner signatures = new StringJoiner(" ");
        for (WebhookSecret secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(secret, signedPrefix, body)));
        }
        return signatures.toString();
    }

    /** The three headers a Standard Webhooks receiver expects on every delivery. */
    public static Map<String, String> headers(String webhookId, Instant timestamp, byte[] body,
                                              List<WebhookSecret> secrets) {
        long epochSeconds = timestamp.getEpochSecond();
        return Map.of(
                ID_HEADER, webhookId,
                TIMESTAMP_HEADER, Long.toString(epochSeconds),
                SIGNATURE_HEADER, sign(webhookId, epochSeconds, body, secrets));
    }

    private static byte[] hmac(WebhookSecret secret, byte[] signedPrefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.key(), ALGORITHM));
            mac.update(signedPrefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", unavailable);
        }
    }
}
