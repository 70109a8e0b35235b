package io.exceed.followup.domain.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class WebhookSecretTest {

    @Test
    void generatedSecretsAre32RandomBytes() {
        WebhookSecret one = WebhookSecret.generate();

        assertThat(one.key()).hasSize(32);
        assertThat(one).isNotEqualTo(WebhookSecret.generate());
    }

    @Test
    void encodedFormRoundTripsAndComparesByContent() {
        WebhookSecret secret = WebhookSecret.generate();

        String encoded = secret.encoded();

        assertThat(encoded).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(encoded.substring(6))).isEqualTo(secret.key());
        assertThat(WebhookSecret.decode(encoded)).isEqualTo(secret).hasSameHashCodeAs(secret);
    }

    @Test
    void toStringNeverShowsTheKey() {
        WebhookSecret secret = WebhookSecret.generate();

        assertThat(secret.toString()).isEqualTo("WebhookSecret[redacted]");
    }

    @Test
    void keyCannotBeChangedThroughTheArrays() {
        byte[] key = new byte[32];
        WebhookSecret secret = new WebhookSecret(key);

        key[0] = 1;
        secret.key()[1] = 1;

        assertThat(secret.key()).isEqualTo(new byte[32]);
    }

    @Test
    void rejectsOtherFormsWithoutEchoingThem() {
        String bare = Base64.getEncoder().encodeToString(new byte[32]);
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        String tooLong = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);

        for (String invalid : new String[] {bare, tooShort, tooLong, "whsec_not*base64", "", "WHSEC_" + bare}) {
            assertThatThrownBy(() -> WebhookSecret.decode(invalid))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bare));
        }
        assertThatThrownBy(() -> WebhookSecret.decode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsKeysFrom24To64Bytes() {
        assertThat(new WebhookSecret(new byte[24]).key()).hasSize(24);
        assertThat(new WebhookSecret(new byte[64]).key()).hasSize(64);
    }
}
