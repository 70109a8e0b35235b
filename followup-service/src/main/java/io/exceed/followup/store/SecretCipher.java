package io.exceed.followup.store;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts webhook secrets before they are stored, with AES-256-GCM under a key the operator supplies, so a copy
 * of the database (a backup, a replica, a leaked dump) does not let anyone forge deliveries. GCM authenticates
 * as well as encrypts: a stored value that was altered is refused instead of yielding a wrong secret. The
 * {@code v1:} prefix leaves room for a later key or algorithm without guessing what older values are.
 */
public final class SecretCipher {

    private static final String VERSION_PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** Exception messages describe what is wrong with the key, never the key itself. */
    public SecretCipher(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("the webhook secret encryption key is missing");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("the webhook secret encryption key is not valid base64");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("the webhook secret encryption key must decode to " + KEY_BYTES
                    + " bytes, not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A fresh random key in the form the constructor takes, for documentation and development setups. */
    public static String generateKey() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** A fresh random IV each time: reusing one under the same GCM key would expose the plaintexts. */
    public String encrypt(byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return VERSION_PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", unavailable);
        }
    }

    /** @throws IllegalStateException if the value is malformed, was altered, or was encrypted under another key */
    public byte[] decrypt(String encrypted) {
        if (encrypted == null || !encrypted.startsWith(VERSION_PREFIX)) {
            throw new IllegalStateException("encrypted webhook secret does not start with " + VERSION_PREFIX);
        }
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(encrypted.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("encrypted webhook secret is not valid base64");
        }
        if (stored.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("encrypted webhook secret is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (AEADBadTagException altered) {
            throw new IllegalStateException(
                    "encrypted webhook secret failed authentication: altered, or encrypted under another key");
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", unavailable);
        }
    }
}
