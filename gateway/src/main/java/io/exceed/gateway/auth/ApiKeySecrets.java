package io.exceed.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key a caller presents: {@code exk_} and 32 random bytes in base64url (43 characters). Only its
 * SHA-256 is stored; the key is a high-entropy secret, so a plain hash suffices and lookups stay exact.
 */
public final class ApiKeySecrets {

    public static final String KEY_PREFIX = "exk_";
    /** Characters of the key shown to humans: {@code exk_} and four of the random part. */
    static final int SHOWN_LENGTH = KEY_PREFIX.length() + 4;
    private static final Pattern FORMAT = Pattern.compile("exk_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    public static String newKey() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Whether {@code candidate} could be a key at all; anything else is refused without a lookup. */
    public static boolean wellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    public static String prefix(String key) {
        return key.substring(0, SHOWN_LENGTH);
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException absent) {
            throw new IllegalStateException("every JDK has SHA-256", absent);
        }
    }

    /** Equal strings, compared in time that does not depend on where they differ (nor on their lengths). */
    public static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }
}
