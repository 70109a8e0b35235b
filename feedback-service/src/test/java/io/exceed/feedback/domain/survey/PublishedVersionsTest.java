package io.exceed.feedback.domain.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.exceed.defaults.tenancy.TenantId;

class PublishedVersionsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final PublishedVersions cache = new PublishedVersions(100, Duration.ofSeconds(5), nanos::get);
    private final TenantId tenant = new TenantId("t-1");

    private static SurveyVersion version(int number) {
        return new SurveyVersion("s-1", number, "After delivery", SurveyPurpose.TRANSACTIONAL, "en", List.of(),
                Instant.EPOCH);
    }

    private final AtomicInteger loads = new AtomicInteger();

    /** The store's answer: {@code number} is the latest published version. */
    private SurveyVersion load(int number) {
        loads.incrementAndGet();
        return version(number);
    }

    @Test
    void theLatestVersionNumberIsTrustedOnlyForItsLifetime() {
        cache.latest(tenant, "s-1", () -> load(1));
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cache.latest(tenant, "s-1", () -> load(2)).version())
                .as("published elsewhere less than the lifetime ago: not seen yet").isEqualTo(1);
        assertThat(loads).hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.latest(tenant, "s-1", () -> load(2)).version()).isEqualTo(2);
        assertThat(loads).hasValue(2);
        assertThat(cache.version(tenant, "s-1", 1, () -> {
            throw new AssertionError("version 1 is published, so it is never read again");
        }).version()).isEqualTo(1);
    }
}
