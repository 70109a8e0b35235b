package io.exceed.followup.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings ({@code exceed.followup.webhooks.*}); the defaults and their reasons are in application.yaml.
 *
 * @param secretKey     base64 AES-256 key that encrypts signing secrets at rest (EXCEED_WEBHOOK_SECRET_KEY)
 * @param allowHttp     whether endpoint URLs may be plain http
 * @param allowedHosts  hosts and addresses allowed although loopback, private, link-local or metadata
 * @param retry         attempts, backoff and the failure period after which an endpoint is disabled
 * @param breaker       the per-endpoint circuit breaker
 * @param dispatch      pacing and leases of the dispatcher
 */
@ConfigurationProperties("exceed.followup.webhooks")
public record WebhookProperties(String secretKey, boolean allowHttp, List<String> allowedHosts,
        Duration connectTimeout, Duration attemptTimeout, Retry retry, Breaker breaker, Dispatch dispatch) {

    public WebhookProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    public record Retry(int maxAttempts, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
            Duration maxRetryAfter, Duration failurePeriod) {
    }

    public record Breaker(int failureRateThreshold, int minimumCalls, int windowSize, Duration waitInOpen) {
    }

    public record Dispatch(Duration pollInterval, Duration searchInterval, Duration lease, int batchSize) {
    }
}
