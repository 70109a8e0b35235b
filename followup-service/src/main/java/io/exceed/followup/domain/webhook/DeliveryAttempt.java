package io.exceed.followup.domain.webhook;

import java.time.Duration;
import java.time.Instant;

/** One attempt as the delivery log shows it. */
public record DeliveryAttempt(Instant time, AttemptResult.Outcome outcome, int httpStatus, Duration latency,
        String error) {

    public static DeliveryAttempt of(Instant time, AttemptResult result) {
        return new DeliveryAttempt(time, result.outcome(), result.httpStatus(), result.latency(), result.error());
    }
}
