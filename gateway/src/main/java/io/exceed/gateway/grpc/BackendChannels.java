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

    /**
     * @param targets      gRPC target per backend name
     * @param needed       the backends the routes call; each must have a target
     * @param interceptors applied to every call on every channel, e.g. tracing
     */
    public BackendChannels(Map<String, String> targets, Set<String> needed, List<ClientInterceptor> interceptors) {
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(targets.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no target for backend(s) " + missing
                    + ": set exceed.gateway.backends.<name>=host:port");
        }
        // Plain text: the services are reached inside the cluster (NetworkPolicies restrict who may call them).
        this.channels = needed.stream().collect(Collectors.toUnmodifiableMap(name -> name,
                name -> NettyChannelBuilder.forTarget(targets.get(name)).usePlaintext().intercept(interceptors).build()));
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
