package io.exceed.followup.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.WebhookTransport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A circuit breaker per endpoint around the sender: an endpoint that keeps failing is left alone for a while
 * instead of tying up attempts, then probed with a few calls. Receiver answers that say "no" (4xx) count as the
 * endpoint being up; only retryable failures open the breaker.
 */
public class BreakingWebhookTransport implements WebhookTransport {

    private final WebhookSender sender;
    private final CircuitBreakerRegistry breakers;

    public BreakingWebhookTransport(WebhookSender sender, CircuitBreakerRegistry breakers) {
        this.sender = sender;
        this.breakers = breakers;
    }

    @Override
    public Optional<AttemptResult> send(String endpointId, String url, Map<String, String> headers, byte[] body) {
        CircuitBreaker breaker = breakers.circuitBreaker("webhook-" + endpointId);
        if (!breaker.tryAcquirePermission()) {
            return Optional.empty();
        }
        AttemptResult result = sender.send(url, headers, body);
        long latency = result.latency().toNanos();
        if (result.retryable()) {
            breaker.onError(latency, TimeUnit.NANOSECONDS, new AttemptFailed(result));
        } else {
            breaker.onSuccess(latency, TimeUnit.NANOSECONDS);
        }
        return Optional.of(result);
    }

    /** A failed attempt as the breaker records it; the delivery log has the details. */
    static final class AttemptFailed extends RuntimeException {
        AttemptFailed(AttemptResult result) {
            super(result.outcome() + " " + result.error(), null, false, false);
        }
    }
}
