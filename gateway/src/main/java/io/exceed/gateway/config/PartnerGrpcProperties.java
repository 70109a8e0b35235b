package io.exceed.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The gRPC passthrough for partners ({@code exceed.gateway.grpc.*}).
 *
 * @param port                the port partners call ({@code GATEWAY_GRPC_PORT}); 0 picks a free one
 * @param tls                 TLS at the edge; both files unset means plain HTTP/2 (h2c) for inside a cluster
 * @param shutdownGracePeriod how long calls in flight may finish after shutdown began
 */
@ConfigurationProperties("exceed.gateway.grpc")
public record PartnerGrpcProperties(Integer port, Tls tls, Duration shutdownGracePeriod) {

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
        if (shutdownGracePeriod == null || shutdownGracePeriod.isNegative()) {
            throw new IllegalArgumentException("exceed.gateway.grpc.shutdown-grace-period must not be negative, was "
                    + shutdownGracePeriod);
        }
    }
}
