package io.exceed.followup.store;

import io.exceed.defaults.secrets.SecretCipher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.exceed.defaults.tenancy.TenantId;

class SecretCipherTest {

    private static final byte[] SECRET = "a webhook signing key of 32 byte".getBytes(StandardCharsets.UTF_8);
    private static final TenantId TENANT = new TenantId("acme");
    private static final String ENDPOINT = "ep-1";

    private final String key = SecretCipher.generateKey();
    private final SecretCipher cipher = new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, key, List.of());

    @Test
    void decryptsWhatItEncrypted() {
        String encrypted = cipher.encrypt(TENANT, ENDPOINT, SECRET);

        assertThat(encrypted).startsWith("v2:" + cipher.currentKeyId() + ":");
        assertThat(cipher.decrypt(TENANT, ENDPOINT, encrypted)).isEqualTo(SECRET);
        assertThat(cipher.isCurrent(encrypted)).isTrue();
    }

    @Test
    void storedFormIsKeyIdThenIvCiphertextAndTag() {
        String encrypted = cipher.encrypt(TENANT, ENDPOINT, SECRET);

        assertThat(cipher.currentKeyId()).matches("[A-Za-z0-9_-]{12}");
        assertThat(body(encrypted)).hasSize(12 + SECRET.length + 16);
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        String first = cipher.encrypt(TENANT, ENDPOINT, SECRET);
        String second = cipher.encrypt(TENANT, ENDPOINT, SECRET);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOf(body(first), 12)).isNotEqualTo(Arrays.copyOf(body(second), 12));
    }

    @Test
    void detectsTamperingWithAnyPart() {
        String encrypted = cipher.encrypt(TENANT, ENDPOINT, SECRET);
        String prefix = encrypted.substring(0, encrypted.lastIndexOf(':') + 1);
        byte[] stored = body(encrypted);

        for (int position : new int[] {0, 12, stored.length - 1}) {
            byte[] altered = stored.clone();
            altered[position] ^= 1;
            String value = prefix + Base64.getEncoder().encodeToString(altered);

            assertThatThrownBy(() -> cipher.decrypt(TENANT, ENDPOINT, value))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed authentication");
        }
    }

    @Test
    void aValueCopiedToAnotherEndpointOrTenantFailsToDecrypt() {
        String encrypted = cipher.encrypt(TENANT, ENDPOINT, SECRET);

        assertThatThrownBy(() -> cipher.decrypt(TENANT, "ep-2", encrypted))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("copied from another endpoint");
        assertThatThrownBy(() -> cipher.decrypt(new TenantId("globex"), ENDPOINT, encrypted))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("copied from another endpoint");
    }

    @Test
    void tenantAndEndpointAreBoundUnambiguously() {
        String encrypted = cipher.encrypt(new TenantId("ab"), "c", SECRET);

        assertThatThrownBy(() -> cipher.decrypt(new TenantId("a"), "bc", encrypted))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesMalformedValues() {
        String withoutPrefix = cipher.encrypt(TENANT, ENDPOINT, SECRET).substring(3);
        String keyId = cipher.currentKeyId();

        for (String malformed : new String[] {"", "v3:AAAA", "v2:AAAA", "v2:" + keyId + ":not*base64",
                "v2:" + keyId + ":AAAA", "v1:not*base64", "v1:AAAA", withoutPrefix}) {
            assertThatThrownBy(() -> cipher.decrypt(TENANT, ENDPOINT, malformed))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> cipher.decrypt(TENANT, ENDPOINT, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPreviousKeyStillDecryptsWhileOnlyTheCurrentOneEncrypts() {
        String underOld = cipher.encrypt(TENANT, ENDPOINT, SECRET);
        String newKey = SecretCipher.generateKey();
        SecretCipher rotated = new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, newKey, List.of(key));

        assertThat(rotated.currentKeyId()).isNotEqualTo(cipher.currentKeyId());
        assertThat(rotated.decrypt(TENANT, ENDPOINT, underOld)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(underOld)).isFalse();
        String underNew = rotated.encrypt(TENANT, ENDPOINT, SECRET);
        assertThat(underNew).startsWith("v2:" + rotated.currentKeyId() + ":");
        assertThat(new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, newKey, List.of()).decrypt(TENANT, ENDPOINT, underNew)).isEqualTo(SECRET);
        assertThatThrownBy(() -> new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, newKey, List.of()).decrypt(TENANT, ENDPOINT, underOld))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("encrypted webhook secret is under key " + cipher.currentKeyId()
                        + ", which is neither the current nor a previous key");
    }

    @Test
    void valuesWrittenBeforeRotationWasPossibleAreReadUnderAnyConfiguredKey() throws Exception {
        String legacy = legacyEncrypt(key, SECRET);
        String newKey = SecretCipher.generateKey();

        assertThat(cipher.decrypt(TENANT, ENDPOINT, legacy)).isEqualTo(SECRET);
        assertThat(cipher.isCurrent(legacy)).isFalse();
        assertThat(new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, newKey, List.of(SecretCipher.generateKey(), key)).decrypt(TENANT, ENDPOINT,
                legacy)).isEqualTo(SECRET);
        assertThatThrownBy(() -> new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, newKey, List.of()).decrypt(TENANT, ENDPOINT, legacy))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed authentication under every configured key");
    }

    @Test
    void replicasGivenTheSameKeysAgreeOnTheKeyId() {
        String encrypted = cipher.encrypt(TENANT, ENDPOINT, SECRET);
        SecretCipher replica = new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, " " + key + "\n", List.of(key));

        assertThat(replica.currentKeyId()).isEqualTo(cipher.currentKeyId());
        assertThat(replica.isCurrent(encrypted)).isTrue();
        assertThat(replica.decrypt(TENANT, ENDPOINT, encrypted)).isEqualTo(SECRET);
    }

    @Test
    void rejectsKeysOfTheWrongLengthOrFormWithoutEchoingThem() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.UTF_8));
        String notBase64 = "this-is-not*base64-but-is-secret";

        for (String invalid : new String[] {shortKey, notBase64, "", " "}) {
            assertThatThrownBy(() -> new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, invalid, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the current webhook secret key ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey).doesNotContain(notBase64));
            assertThatThrownBy(() -> new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, key, List.of(key, invalid)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("previous webhook secret key 2 of 2 ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey).doesNotContain(notBase64));
        }
        assertThatThrownBy(() -> new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, null, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedKeysAre32BytesAndDiffer() {
        String generated = SecretCipher.generateKey();

        assertThat(Base64.getDecoder().decode(generated)).hasSize(32);
        assertThat(generated).isNotEqualTo(SecretCipher.generateKey());
    }

    /**
     * The format stored before keys could rotate, written here from its description rather than taken from the
     * service: AES-256-GCM without associated data, {@code v1:} and the base64 of IV, ciphertext and tag.
     */
    static String legacyEncrypt(String base64Key, byte[] plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] sealed = aes.doFinal(plaintext);
        return "v1:" + Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    private static byte[] body(String encrypted) {
        return Base64.getDecoder().decode(encrypted.substring(encrypted.lastIndexOf(':') + 1));
    }
}
