package io.exceed.followup.config;

import io.exceed.followup.domain.webhook.InFlightSends;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhook settings ({@code exceed.followup.webhooks.*}); the defaults and their reasons are in application.yaml.
 *
 * @param secretKey                  base64 AES-256 key that encrypts signing secrets at rest
 *                                   (EXCEED_WEBHOOK_SECRET_KEY)
 * @param previousSecretKeys         keys secrets may still be encrypted under after a rotation
 *                                   (EXCEED_WEBHOOK_SECRET_PREVIOUS_KEYS, separated by commas or white space)
 * @param secretReEncryptionInterval how often each replica re-encrypts secrets not under {@code secretKey}
 * @param allowHttp                  whether endpoint URLs may be plain http
 * @param allowedHosts               hosts and addresses allowed although loopback, private, link-local, metadata
 *                                   or another special-purpose range
 * @param maxEndpointsPerTenant      webhook endpoints a tenant may have
 * @param retry                      attempts, backoff and the failure period after which an endpoint is disabled
 * @param breaker                    the per-endpoint circuit breaker
 * @param dispatch                   pacing and leases of the dispatcher
 */
@ConfigurationProperties("exceed.followup.webhooks")
public record WebhookProperties(String secretKey, List<String> previousSecretKeys,
        Duration secretReEncryptionInterval, boolean allowHttp, List<String> allowedHosts,
        Duration connectTimeout, Duration attemptTimeout, int maxEndpointsPerTenant, Retry retry, Breaker breaker,
        Dispatch dispatch) {

    /** Previous keys split on white space too, and blanks dropped: a trailing comma or newline is no key. */
    public WebhookProperties {
        previousSecretKeys = previousSecretKeys == null ? List.of() : previousSecretKeys.stream()
                .flatMap(entry -> Arrays.stream(entry.strip().split("\\s+")))
                .filter(key -> !key.isEmpty())
                .toList();
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    public record Retry(int maxAttempts, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
            Duration maxRetryAfter, Duration failurePeriod) {
    }

    public record Breaker(int failureRateThreshold, int minimumCalls, int windowSize, Duration waitInOpen) {
    }

    public record Dispatch(Duration pollInterval, Duration searchInterval, Duration lease, int batchSize,
            InFlightSends.Limits inFlight) {
    }
}
