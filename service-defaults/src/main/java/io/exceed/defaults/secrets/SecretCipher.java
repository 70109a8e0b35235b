package io.exceed.defaults.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Encrypts secrets before they are stored (followup-service's webhook signing secrets, feedback-service's SMTP
 * passwords), with AES-256-GCM under keys the operator supplies, so a copy of the database (a backup, a replica, a
 * leaked dump) does not give the secrets away. GCM authenticates as well as encrypts: a stored value that was
 * altered is refused instead of yielding a wrong secret.
 *
 * <p>A value is bound to its tenant and owner (GCM's associated data; an endpoint, a channel): copied onto another
 * owner, of the same tenant or another, it fails to decrypt rather than let that owner use a secret it was never
 * given. A value names the key it is encrypted under ({@code v2:<key id>:<base64 of IV, ciphertext, tag>}) so
 * the key can be rotated: encryption always uses the current key, decryption the named one, current or previous.
 * A key's id is derived from the key itself, so operators never have to name keys.
 *
 * <p>Values written before keys could rotate ({@code v1:<base64>}) name no key and are bound to nothing; they
 * are still read, under whichever configured key authenticates them, until they are re-encrypted
 * ({@link #isCurrent} tells which values need it).
 */
public final class SecretCipher {

    private static final String FORMAT = "v2:";
    private static final String LEGACY_FORMAT = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** 72 bits: no two keys an operator ever configures share an id. The label predates other secrets: kept, so
     * values stored under a key keep naming it. */
    private static final int KEY_ID_BYTES = 9;
    private static final byte[] KEY_ID_LABEL = "exceed webhook secret key id\0".getBytes(StandardCharsets.US_ASCII);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What the secrets are and what each is bound to, as errors name them, e.g. "webhook secret" and "endpoint".
     */
    public record Subject(String secret, String owner) {
    }

    private final Subject subject;
    private final Key current;
    /** The current key first, then the previous ones in the order given: the order legacy values are tried in. */
    private final Map<String, Key> keys = new LinkedHashMap<>();

    /**
     * Exception messages describe what is wrong with a key, never the key itself.
     *
     * @param subject      what the secrets are, for error messages
     * @param currentKey   base64 of 32 bytes: encrypts every value written from now on
     * @param previousKeys base64 keys that values may still be encrypted under; the same key twice counts once
     */
    public SecretCipher(Subject subject, String currentKey, List<String> previousKeys) {
        this.subject = subject;
        this.current = Key.parse(currentKey, "the current " + subject.secret() + " key");
        keys.put(current.id(), current);
        for (int i = 0; i < previousKeys.size(); i++) {
            Key previous = Key.parse(previousKeys.get(i),
                    "previous " + subject.secret() + " key " + (i + 1) + " of " + previousKeys.size());
            keys.putIfAbsent(previous.id(), previous);
        }
    }

    /** A fresh random key in the form the constructor takes, for documentation and development setups. */
    public static String generateKey() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    /** The id of the key new values are encrypted under, as it appears in them; safe to log. */
    public String currentKeyId() {
        return current.id();
    }

    /** A fresh random IV each time: reusing one under the same GCM key would expose the plaintexts. */
    public String encrypt(TenantId tenant, String ownerId, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, current.spec(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(binding(tenant, ownerId));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return FORMAT + current.id() + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", unavailable);
        }
    }

    /**
     * @throws IllegalStateException if the value is malformed, was altered, belongs to another owner, or was
     *                               encrypted under a key that is no longer configured
     */
    public byte[] decrypt(TenantId tenant, String ownerId, String encrypted) {
        if (encrypted != null && encrypted.startsWith(FORMAT)) {
            int separator = encrypted.indexOf(':', FORMAT.length());
            if (separator < 0) {
                throw new IllegalStateException("encrypted " + subject.secret() + " names no key");
            }
            String keyId = encrypted.substring(FORMAT.length(), separator);
            Key key = keys.get(keyId);
            if (key == null) {
                throw new IllegalStateException("encrypted " + subject.secret() + " is under key " + keyId
                        + ", which is neither the current nor a previous key");
            }
            try {
                return open(key, body(encrypted.substring(separator + 1)), binding(tenant, ownerId));
            } catch (AEADBadTagException altered) {
                throw new IllegalStateException("encrypted " + subject.secret() + " failed authentication under key " + keyId
                        + ": altered, or copied from another " + subject.owner());
            }
        }
        if (encrypted != null && encrypted.startsWith(LEGACY_FORMAT)) {
            byte[] stored = body(encrypted.substring(LEGACY_FORMAT.length()));
            for (Key key : keys.values()) {
                try {
                    return open(key, stored, null);
                } catch (AEADBadTagException notThisKey) {
                    // Legacy values name no key: the next one may be it.
                }
            }
            throw new IllegalStateException("encrypted " + subject.secret() + " (" + LEGACY_FORMAT + ") failed authentication"
                    + " under every configured key: altered, or under a key no longer configured");
        }
        throw new IllegalStateException(
                "encrypted " + subject.secret() + " starts with neither " + FORMAT + " nor " + LEGACY_FORMAT);
    }

    /** Whether {@code encrypted} is under the current key and bound to its owner, so needs no re-encryption. */
    public boolean isCurrent(String encrypted) {
        return encrypted != null && encrypted.startsWith(FORMAT + current.id() + ":");
    }

    private byte[] body(String base64) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("encrypted " + subject.secret() + " is not valid base64");
        }
        if (stored.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("encrypted " + subject.secret() + " is too short");
        }
        return stored;
    }

    private static byte[] open(Key key, byte[] stored, byte[] associatedData) throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            if (associatedData != null) {
                cipher.updateAAD(associatedData);
            }
            return cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
        } catch (AEADBadTagException failedAuthentication) {
            throw failedAuthentication;
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", unavailable);
        }
    }

    /** Each part length-prefixed, so tenant {@code a} and owner {@code bc} never bind as {@code ab}, {@code c}. */
    private static byte[] binding(TenantId tenant, String ownerId) {
        byte[] tenantBytes = tenant.value().getBytes(StandardCharsets.UTF_8);
        byte[] ownerBytes = ownerId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 * Integer.BYTES + tenantBytes.length + ownerBytes.length)
                .putInt(tenantBytes.length).put(tenantBytes).putInt(ownerBytes.length).put(ownerBytes).array();
    }

    private record Key(String id, SecretKeySpec spec) {

        static Key parse(String base64Key, String name) {
            if (base64Key == null || base64Key.isBlank()) {
                throw new IllegalArgumentException(name + " is missing");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64Key.strip());
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException(name + " is not valid base64");
            }
            if (raw.length != KEY_BYTES) {
                throw new IllegalArgumentException(name + " must decode to " + KEY_BYTES + " bytes, not " + raw.length);
            }
            return new Key(id(raw), new SecretKeySpec(raw, "AES"));
        }

        /** A one-way fingerprint: the id is stored and logged, and must say nothing about the key. */
        private static String id(byte[] raw) {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(KEY_ID_LABEL);
                byte[] digest = sha256.digest(raw);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, KEY_ID_BYTES));
            } catch (NoSuchAlgorithmException unavailable) {
                throw new IllegalStateException("SHA-256 is unavailable in this JVM", unavailable);
            }
        }
    }
}
