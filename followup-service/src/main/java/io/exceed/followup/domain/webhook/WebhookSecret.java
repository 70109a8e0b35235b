package io.exceed.followup.domain.webhook;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The HMAC key a tenant's endpoint verifies deliveries with, in the Standard Webhooks {@code whsec_} form so
 * receivers can use any of that specification's libraries. The key never appears in {@link #toString()} or in
 * an exception message, so it cannot leak through logs.
 */
public record WebhookSecret(byte[] key) {

    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;
    private static final int GENERATED_BYTES = 32;
    private static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Copies the key so neither the caller nor a reader can change it afterwards. */
    public WebhookSecret {
        if (key == null || key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a webhook secret must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes long");
        }
        key = key.clone();
    }

    public static WebhookSecret generate() {
        byte[] key = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(key);
        return new WebhookSecret(key);
    }

    /** Reads the {@code whsec_<base64>} form that {@link #encoded()} writes; the message never echoes the input. */
    public static WebhookSecret decode(String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("a webhook secret must be " + PREFIX + " followed by base64");
        }
        return new WebhookSecret(key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Constant-time, so comparing secrets reveals nothing through timing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSecret that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
