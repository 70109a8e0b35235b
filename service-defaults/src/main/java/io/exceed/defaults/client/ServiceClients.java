package io.exceed.defaults.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

/**
 * The one way an Exceed service calls another: a long-lived channel per called service and contract, with
 * the target's deadline on every call, its bulkhead and circuit breaker (shared by all of the target's
 * contracts), retries of the contract's idempotent methods, and trace context and metrics per call (breaker
 * state and calls as {@code resilience4j_circuitbreaker_*}, {@code resilience4j_bulkhead_*}, call timings as
 * {@code grpc_client_*}, each tagged with the target). Callers state their own fallback for when a call fails.
 */
public final class ServiceClients implements AutoCloseable {

    private final Map<String, ClientProperties.Target> targets;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final ObservationRegistry observations;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public ServiceClients(ClientProperties properties, MeterRegistry meters, ObservationRegistry observations) {
        this.targets = Map.copyOf(properties.clients());
        this.observations = observations;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    /**
     * The channel to call {@code service} at {@code target} (a name under {@code exceed.clients}).
     *
     * @throws IllegalStateException if the target is not configured, so a missing setting stops the start
     */
    public Channel channel(String target, ServiceDescriptor service) {
        ClientProperties.Target settings = settings(target);
        ManagedChannel channel = channels.computeIfAbsent(target + "/" + service.getName(),
                key -> Grpc.newChannelBuilder(settings.address(), InsecureChannelCredentials.create())
                        .defaultServiceConfig(serviceConfig(service, settings))
                        .enableRetry()
                        .build());
        return ClientInterceptors.intercept(channel,
                new ResilienceInterceptor(target, breaker(target), bulkhead(target), settings.deadline()),
                new ObservationGrpcClientInterceptor(observations));
    }

    /**
     * The target's bulkhead and circuit breaker as an interceptor, for a caller that keeps its own channel to the
     * target (the gateway, which calls on descriptors it builds at run time).
     *
     * @param deadline the caller's own deadline for its unary calls to the target: only a call that had (nearly) as
     *                 long counts its expiry against the target
     */
    public ClientInterceptor guard(String target, Duration deadline) {
        return new ResilienceInterceptor(target, breaker(target), bulkhead(target), deadline);
    }

    /**
     * grpc-java's service config retrying {@code idempotentMethods} (service name to method names) under the
     * target's retry policy, for a caller that keeps its own channel.
     */
    public Map<String, Object> retries(String target, Map<String, List<String>> idempotentMethods) {
        ClientProperties.Retry retry = settings(target).retry();
        List<Object> names = new ArrayList<>();
        idempotentMethods.forEach((service, methods) -> methods.forEach(
                method -> names.add(Map.of("service", service, "method", method))));
        if (retry.maxAttempts() <= 1 || names.isEmpty()) {
            return Map.of();
        }
        return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy(retry))));
    }

    /** The target's circuit breaker, e.g. for a health view or a test. */
    public CircuitBreaker breaker(String target) {
        ClientProperties.Breaker breaker = settings(target).breaker();
        return breakers.circuitBreaker(target, () -> CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRatePercent())
                .slidingWindowSize(breaker.slidingWindowCalls())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
    }

    private Bulkhead bulkhead(String target) {
        return bulkheads.bulkhead(target, () -> BulkheadConfig.custom()
                .maxConcurrentCalls(settings(target).bulkhead().maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                // A fair semaphore refuses an attempt while another thread is queued, even with permits free:
                // calls that never wait must not be refused below the bulkhead's capacity.
                .fairCallHandlingStrategyEnabled(false)
                .build());
    }

    private ClientProperties.Target settings(String target) {
        ClientProperties.Target settings = targets.get(target);
        if (settings == null || settings.address() == null || settings.address().isBlank()) {
            throw new IllegalStateException("no address for the service '" + target + "': set exceed.clients."
                    + target + ".address");
        }
        return settings;
    }

    /**
     * grpc-java's service config: the deadline for every method of the contract, and a retry policy for the
     * methods the contract marks idempotent ({@code option idempotency_level}).
     */
    static Map<String, Object> serviceConfig(ServiceDescriptor service, ClientProperties.Target settings) {
        String timeout = seconds(settings.deadline().toNanos());
        List<Object> methodConfigs = new ArrayList<>();
        methodConfigs.add(Map.of("name", List.of(Map.of("service", service.getName())), "timeout", timeout));
        ClientProperties.Retry retry = settings.retry();
        List<Object> idempotent = service.getMethods().stream()
                .filter(method -> method.isIdempotent() || method.isSafe())
                .<Object>map(method -> Map.of("service", service.getName(), "method",
                        MethodDescriptor.extractBareMethodName(method.getFullMethodName())))
                .toList();
        if (retry.maxAttempts() > 1 && !idempotent.isEmpty()) {
            methodConfigs.add(Map.of("name", idempotent, "timeout", timeout, "retryPolicy", retryPolicy(retry)));
        }
        return Map.of("methodConfig", methodConfigs);
    }

    private static Map<String, Object> retryPolicy(ClientProperties.Retry retry) {
        return Map.of(
                "maxAttempts", (double) retry.maxAttempts(),
                "initialBackoff", seconds(retry.initialBackoff().toNanos()),
                "maxBackoff", seconds(retry.maxBackoff().toNanos()),
                "backoffMultiplier", retry.multiplier(),
                "retryableStatusCodes", List.of("UNAVAILABLE"));
    }

    /** Durations in the service config's protobuf JSON form, e.g. "0.100000000s". */
    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%d.%09ds", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    @Override
    public void close() throws InterruptedException {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        }
    }
}
