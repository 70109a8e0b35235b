package io.exceed.followup.config;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.client.MongoDatabase;

import io.exceed.eventing.Leases;
import io.exceed.defaults.secrets.SecretCipher;
import io.exceed.followup.api.FollowUpEventMapper;
import io.exceed.followup.client.BreakingWebhookTransport;
import io.exceed.followup.client.WebhookSender;
import io.exceed.followup.domain.webhook.EndpointState;
import io.exceed.followup.domain.webhook.FreshDeliveries;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.RetryPolicy;
import io.exceed.followup.domain.webhook.WebhookDispatcher;
import io.exceed.followup.domain.webhook.WebhookEndpoints;
import io.exceed.followup.domain.webhook.WebhookEventSink;
import io.exceed.followup.domain.webhook.WebhookUrlPolicy;
import io.exceed.followup.store.MongoDeliveryStore;
import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Webhook endpoints, the deliveries the scheduler's events become, and the dispatcher that sends them. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    SecretCipher secretCipher(WebhookProperties properties) {
        if (properties.secretKey() == null || properties.secretKey().isBlank()) {
            throw new IllegalStateException("EXCEED_WEBHOOK_SECRET_KEY is not set: followup-service needs a base64 "
                    + "AES-256 key (32 random bytes) to encrypt webhook secrets at rest");
        }
        return new SecretCipher(MongoWebhookEndpointStore.SIGNING_SECRETS, properties.secretKey(), properties.previousSecretKeys());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SecretReEncryptionRunner secretReEncryptionRunner(MongoWebhookEndpointStore endpoints, SecretCipher cipher,
            WebhookProperties properties) {
        return new SecretReEncryptionRunner(endpoints, cipher.currentKeyId(), properties.secretReEncryptionInterval());
    }

    @Bean
    WebhookUrlPolicy webhookUrlPolicy(WebhookProperties properties) {
        return new WebhookUrlPolicy(properties.allowHttp(), properties.allowedHosts());
    }

    @Bean(destroyMethod = "close")
    WebhookSender webhookSender(WebhookUrlPolicy policy, WebhookProperties properties) {
        return new WebhookSender(policy, properties.connectTimeout(), properties.attemptTimeout(),
                properties.dispatch().inFlight().total());
    }

    /** The breakers time their open state on the clock that times the deliveries' retries. */
    @Bean
    BreakingWebhookTransport webhookTransport(WebhookSender sender, WebhookProperties properties, Clock clock) {
        WebhookProperties.Breaker breaker = properties.breaker();
        return new BreakingWebhookTransport(sender, CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.windowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build()));
    }

    @Bean
    MongoWebhookEndpointStore webhookEndpointStore(MongoDatabase database, SecretCipher cipher) {
        return new MongoWebhookEndpointStore(database, cipher);
    }

    /**
     * {@code exceed.webhooks.endpoints.disabled}: endpoints sent nothing, by {@code reason}: {@code failing} (every
     * attempt failed for the failure period; their deliveries are held until someone enables them) or {@code caller}
     * (a tenant's own choice). Both series exist from the start.
     */
    @Bean
    MeterBinder webhookEndpointMetrics(MongoWebhookEndpointStore endpoints) {
        return registry -> {
            disabledEndpoints(registry, endpoints, EndpointState.DISABLED_FAILING, "failing");
            disabledEndpoints(registry, endpoints, EndpointState.DISABLED, "caller");
        };
    }

    private static void disabledEndpoints(MeterRegistry registry, MongoWebhookEndpointStore endpoints,
            EndpointState state, String reason) {
        Gauge.builder("exceed.webhooks.endpoints.disabled", endpoints, store -> store.countInState(state))
                .description("Webhook endpoints sent nothing: disabled for failing, or by the tenant")
                .tag("reason", reason).register(registry);
    }

    @Bean
    MongoDeliveryStore deliveryStore(MongoDatabase database) {
        return new MongoDeliveryStore(database);
    }

    @Bean
    WebhookEndpoints webhookEndpoints(MongoWebhookEndpointStore endpoints, MongoDeliveryStore deliveries,
            FreshDeliveries fresh, WebhookUrlPolicy policy, WebhookProperties properties, Clock clock) {
        return new WebhookEndpoints(endpoints, deliveries, fresh, policy, properties.maxEndpointsPerTenant(), clock);
    }

    /** Room for several scheduler batches' deliveries; more are found by the dispatcher's search. */
    @Bean
    FreshDeliveries freshDeliveries() {
        return new FreshDeliveries(10_000);
    }

    @Bean
    WebhookEventSink webhookEventSink(MongoWebhookEndpointStore endpoints, MongoDeliveryStore deliveries,
            FreshDeliveries fresh, Clock clock) {
        return new WebhookEventSink(endpoints, deliveries, fresh, FollowUpEventMapper::toJson, clock);
    }

    @Bean
    RetryPolicy webhookRetryPolicy(WebhookProperties properties) {
        WebhookProperties.Retry retry = properties.retry();
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(retry.initialBackoff(),
                retry.backoffMultiplier(), 0.5, retry.maxBackoff());
        return new RetryPolicy(retry.maxAttempts(), attempt -> Duration.ofMillis(backoff.apply(attempt)),
                retry.maxRetryAfter(), properties.breaker().waitInOpen(), retry.failurePeriod());
    }

    /** Attempts wait on the network, so each gets a virtual thread. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService webhookSenders() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-send-", 0).factory());
    }

    @Bean
    WebhookDispatcher webhookDispatcher(MongoDeliveryStore deliveries, FreshDeliveries fresh,
            MongoWebhookEndpointStore endpoints, BreakingWebhookTransport transport, RetryPolicy retry,
            @Qualifier("webhookSenders") ExecutorService senders, FollowUpMetrics metrics, WebhookProperties properties,
            Clock clock) {
        WebhookProperties.Dispatch dispatch = properties.dispatch();
        return new WebhookDispatcher(deliveries, fresh, dispatch.searchInterval(), endpoints,
                metrics.counting(transport), retry, senders, new InFlightSends(dispatch.inFlight()), clock,
                Leases.newOwner(), dispatch.lease(), dispatch.batchSize());
    }
}
