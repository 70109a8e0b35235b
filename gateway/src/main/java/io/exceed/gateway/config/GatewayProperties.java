package io.exceed.gateway.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * gateway settings ({@code exceed.gateway.*}).
 *
 * @param backends gRPC target ({@code host:port} or any grpc-java target) per service name, e.g.
 *                 {@code customer-service=localhost:9101}
 * @param deadline how long one backend call may take before the caller gets 504
 */
@ConfigurationProperties("exceed.gateway")
public record GatewayProperties(Map<String, String> backends, Duration deadline) {

    public GatewayProperties {
        backends = backends == null ? Map.of() : Map.copyOf(backends);
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("exceed.gateway.deadline must be positive, was " + deadline);
        }
    }
}
