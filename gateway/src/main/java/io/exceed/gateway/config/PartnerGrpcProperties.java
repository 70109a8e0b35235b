package io.exceed.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gRPC passthrough for partners ({@code exceed.gateway.grpc.*}).
 *
 * @param port                the port partners call ({@code GATEWAY_GRPC_PORT}); 0 picks a free one
 * @param tls                 TLS at the edge; both files unset means plain HTTP/2 (h2c) for inside a cluster
 * @param shutdownGracePeriod how long calls in flight may finish after shutdown began
 * @param handlerThreads      threads that run the calls' handlers (credential checks, rate limits); calls beyond
 *                            wait for one, so a flood of calls cannot grow the gateway's threads
 * @param maxConcurrentCallsPerConnection calls one connection may have open at once; more are refused by HTTP/2
 */
@ConfigurationProperties("exceed.gateway.grpc")
public record PartnerGrpcProperties(Integer port, Tls tls, Duration shutdownGracePeriod,
        @DefaultValue("32") int handlerThreads, @DefaultValue("100") int maxConcurrentCallsPerConnection) {

    /**
     * @param certificateChain path of the PEM certificate chain
     * @param privateKey       path of its PEM private key (PKCS#8)
     */
    public record Tls(String certificateChain, String privateKey) {

        public boolean enabled() {
            return certificateChain != null && !certificateChain.isBlank();
        }
    }

    public PartnerGrpcProperties {
        if (port == null || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("exceed.gateway.grpc.port must be a port number, was " + port);
        }
        tls = tls == null ? new Tls(null, null) : tls;
        boolean chain = tls.certificateChain() != null && !tls.certificateChain().isBlank();
        boolean key = tls.privateKey() != null && !tls.privateKey().isBlank();
        if (chain != key) {
            throw new IllegalArgumentException("exceed.gateway.grpc.tls needs both certificate-chain and private-key, "
                    + "or neither for plain HTTP/2; only " + (chain ? "certificate-chain" : "private-key") + " is set");
        }
        if (handlerThreads < 1 || maxConcurrentCallsPerConnection < 1) {
            throw new IllegalArgumentException("exceed.gateway.grpc.handler-threads and "
                    + ".max-concurrent-calls-per-connection must be positive, were " + handlerThreads + " and "
                    + maxConcurrentCallsPerConnection);
        }
        if (shutdownGracePeriod == null || shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException("exceed.gateway.grpc.shutdown-grace-period must not be negative, was "
                    + shutdownGracePeriod);
        }
    }
}
