package io.exceed.gateway.grpc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

/**
 * One long-lived channel per backend service, shared by every request: a channel multiplexes calls over
 * HTTP/2 and reconnects by itself, so creating one per request would only add handshakes.
 */
public final class BackendChannels implements AutoCloseable {

    private final Map<String, ManagedChannel> channels;

    /** What a backend's channel adds to its calls. */
    public interface Policy {

        /** Interceptors for the backend's calls, outermost last (e.g. its circuit breaker, then tracing). */
        List<ClientInterceptor> interceptors(String backend);

        /** grpc-java service config of the backend's channel (e.g. retries of idempotent methods); may be empty. */
        Map<String, ?> serviceConfig(String backend);
    }

    /** Plain channels, for tests that look at the relaying alone. */
    public static final Policy PLAIN = new Policy() {
        @Override
        public List<ClientInterceptor> interceptors(String backend) {
            return List.of();
        }

        @Override
        public Map<String, ?> serviceConfig(String backend) {
            return Map.of();
        }
    };

    /**
     * @param targets gRPC target per backend name
     * @param needed  the backends the routes call; each must have a target
     * @param policy  what each backend's channel adds to its calls
     */
    public BackendChannels(Map<String, String> targets, Set<String> needed, Policy policy) {
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(targets.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no target for backend(s) " + missing
                    + ": set exceed.gateway.backends.<name>=host:port");
        }
        // Plain text: the services are reached inside the cluster (NetworkPolicies restrict who may call them).
        this.channels = needed.stream().collect(Collectors.toUnmodifiableMap(name -> name, name -> {
            NettyChannelBuilder builder = NettyChannelBuilder.forTarget(targets.get(name)).usePlaintext()
                    .intercept(policy.interceptors(name));
            Map<String, ?> serviceConfig = policy.serviceConfig(name);
            if (!serviceConfig.isEmpty()) {
                builder.defaultServiceConfig(serviceConfig).enableRetry();
            }
            return builder.build();
        }));
    }

    public ManagedChannel channel(String backend) {
        ManagedChannel channel = channels.get(backend);
        if (channel == null) {
            throw new IllegalArgumentException("unknown backend " + backend);
        }
        return channel;
    }

    /** Lets calls in flight finish for a moment, then cuts what is left. */
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
