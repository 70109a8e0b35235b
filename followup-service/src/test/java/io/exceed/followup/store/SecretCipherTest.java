package io.exceed.followup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] SECRET = "a webhook signing key of 32 byte".getBytes(StandardCharsets.UTF_8);

    private final SecretCipher cipher = new SecretCipher(SecretCipher.generateKey());

    @Test
    void decryptsWhatItEncrypted() {
        String encrypted = cipher.encrypt(SECRET);

        assertThat(encrypted).startsWith("v1:");
        assertThat(cipher.decrypt(encrypted)).isEqualTo(SECRET);
    }

    @Test
    void storedFormIsIvThenCiphertextAndTag() {
        byte[] stored = Base64.getDecoder().decode(cipher.encrypt(SECRET).substring(3));

        assertThat(stored).hasSize(12 + SECRET.length + 16);
    }

    @Test
    void everyEncryptionUsesAFreshIv() {
        String first = cipher.encrypt(SECRET);
        String second = cipher.encrypt(SECRET);

        assertThat(first).isNotEqualTo(second);
        assertThat(iv(first)).isNotEqualTo(iv(second));
    }

    @Test
    void detectsTamperingWithAnyPart() {
        byte[] stored = Base64.getDecoder().decode(cipher.encrypt(SECRET).substring(3));

        for (int position : new int[] {0, 12, stored.length - 1}) {
            byte[] altered = stored.clone();
            altered[position] ^= 1;
            String value = "v1:" + Base64.getEncoder().encodeToString(altered);

            assertThatThrownBy(() -> cipher.decrypt(value)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesMalformedValues() {
        String withoutPrefix = cipher.encrypt(SECRET).substring(3);

        for (String malformed : new String[] {"", "v2:AAAA", "v1:not*base64", "v1:AAAA", withoutPrefix}) {
            assertThatThrownBy(() -> cipher.decrypt(malformed)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String encrypted = cipher.encrypt(SECRET);
        SecretCipher other = new SecretCipher(SecretCipher.generateKey());

        assertThatThrownBy(() -> other.decrypt(encrypted)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsKeysOfTheWrongLengthOrFormWithoutEchoingThem() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.UTF_8));
        String notBase64 = "this-is-not*base64-but-is-secret";

        for (String invalid : new String[] {shortKey, notBase64, "", " "}) {
            assertThatThrownBy(() -> new SecretCipher(invalid))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey).doesNotContain(notBase64));
        }
        assertThatThrownBy(() -> new SecretCipher(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedKeysAre32BytesAndDiffer() {
        String key = SecretCipher.generateKey();

        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(key).isNotEqualTo(SecretCipher.generateKey());
    }

    private static byte[] iv(String encrypted) {
        return Arrays.copyOf(Base64.getDecoder().decode(encrypted.substring(3)), 12);
    }
}
