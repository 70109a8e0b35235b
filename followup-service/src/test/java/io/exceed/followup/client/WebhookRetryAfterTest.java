package io.exceed.followup.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookRetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-10-21T07:28:00Z");

    @Test
    void readsDeltaSeconds() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateRelativeToNow() {
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:30:00 GMT", NOW)).contains(Duration.ofMinutes(2));
    }

    @Test
    void aDateInThePastMeansRetryNow() {
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void capsTheWaitAt24Hours() {
        assertThat(RetryAfter.parse("86401", NOW)).contains(Duration.ofHours(24));
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Duration.ofHours(24));
        assertThat(RetryAfter.parse("Wed, 29 Oct 2025 07:28:00 GMT", NOW)).contains(Duration.ofHours(24));
    }

    @Test
    void ignoresMalformedValues() {
        for (String malformed : new String[] {"", "-5", "1.5", "soon", "2025-10-21T07:30:00Z", null}) {
            assertThat(RetryAfter.parse(malformed, NOW)).as("%s", malformed).isEmpty();
        }
    }
}
