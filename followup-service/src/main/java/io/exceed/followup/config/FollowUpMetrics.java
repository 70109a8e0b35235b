package io.exceed.followup.config;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.exceed.followup.domain.event.FollowUpEvent;
import io.exceed.followup.domain.event.FollowUpEventSink;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.WebhookTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The follow-up figures platform teams alert on: the milestones the scheduler reached (by event type) and how long
 * after their time, follow-ups that met or breached their SLA, and webhook attempts by outcome. Every series is
 * registered at start, at 0, so an alert reads it before anything has happened.
 */
final class FollowUpMetrics {

    /** What a webhook attempt came to; {@code breaker_open} when the endpoint's breaker sent nothing. */
    private static final String BREAKER_OPEN = "breaker_open";

    private final Map<FollowUpEventType, Counter> milestones = new EnumMap<>(FollowUpEventType.class);
    private final Timer lag;
    private final Counter slaMet;
    private final Counter slaBreached;
    private final Map<String, Counter> attempts = new HashMap<>();

    FollowUpMetrics(MeterRegistry registry) {
        for (FollowUpEventType type : FollowUpEventType.values()) {
            milestones.put(type, Counter.builder("exceed.followups.milestones")
                    .description("Milestones the scheduler reached: due, warning, breached (the SLA), escalated, done")
                    .tag("type", name(type)).register(registry));
        }
        lag = Timer.builder("exceed.followups.milestone.lag")
                .description("How long after its time the scheduler reached a milestone")
                .register(registry);
        slaMet = slaCounter(registry, "met");
        slaBreached = slaCounter(registry, "breached");
        for (AttemptResult.Outcome outcome : AttemptResult.Outcome.values()) {
            attempts.put(name(outcome), attemptCounter(registry, name(outcome)));
        }
        attempts.put(BREAKER_OPEN, attemptCounter(registry, BREAKER_OPEN));
    }

    private static Counter slaCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("exceed.followups.sla")
                .description("Follow-ups that met their SLA (done by the deadline) or breached it, each counted once")
                .tag("outcome", outcome).register(registry);
    }

    private static Counter attemptCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("exceed.webhooks.attempts")
                .description("Webhook delivery attempts by outcome (delivered, rejected, retryable_status, timeout, "
                        + "connection_error, refused_address, breaker_open)")
                .tag("outcome", outcome).register(registry);
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** {@code sink}, counting each event it is handed and how late its milestone was reached. */
    FollowUpEventSink counting(FollowUpEventSink sink, Clock clock) {
        return (tenant, event) -> {
            sink.accept(tenant, event);
            milestones.get(event.type()).increment();
            countSla(event);
            Duration late = Duration.between(event.occurTime(), clock.instant());
            lag.record(late.isNegative() ? Duration.ZERO : late);
        };
    }

    /**
     * A breach counts when the scheduler announces it; a completion counts as met if done by the deadline, and as a
     * breach if done late before the scheduler reached the breach (which is then never announced).
     */
    private void countSla(FollowUpEvent event) {
        FollowUp followUp = event.followUp();
        switch (event.type()) {
            case BREACHED -> slaBreached.increment();
            case DONE -> {
                if (!followUp.closeTime().isAfter(followUp.slaDeadline())) {
                    slaMet.increment();
                } else if (!followUp.breachAnnounced()) {
                    slaBreached.increment();
                }
            }
            default -> {
            }
        }
    }

    /** {@code transport}, counting each attempt by its outcome. */
    WebhookTransport counting(WebhookTransport transport) {
        return (endpointId, url, headers, body) -> {
            Optional<AttemptResult> result = transport.send(endpointId, url, headers, body);
            attempts.get(result.map(attempt -> name(attempt.outcome())).orElse(BREAKER_OPEN)).increment();
            return result;
        };
    }
}
