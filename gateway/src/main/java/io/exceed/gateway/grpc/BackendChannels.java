package io.exceed.gateway.grpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import reactor.netty.resources.LoopResources;

/**
 * Long-lived channels to the backend services, shared by every request: a channel multiplexes calls over HTTP/2
 * and reconnects by itself, so creating one per request would only add handshakes.
 * <p>
 * Each backend has one channel per event loop of the web server, connected on that loop, and its callbacks run
 * there too (a direct executor). A request read on a loop calls the backend over that loop's channel, and the reply
 * is read, printed and written on the same thread: no call is handed from thread to thread, each hand-over being a
 * wake-up that cost more CPU than the call's own work at an ordinary rate. A call started elsewhere (the partners'
 * gRPC port, a start-up task) takes any of the backend's channels. Callbacks must therefore never block; what
 * blocks (the store) runs on Reactor's bounded-elastic scheduler.
 */
public final class BackendChannels implements AutoCloseable {

    /** Per backend, its channels, one per event loop, in the loops' order. */
    private final Map<String, List<LoopChannel>> channels = new LinkedHashMap<>();

    private record LoopChannel(EventLoop loop, ManagedChannel channel) {
    }

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
     * @param policy  what each backend's channels add to its calls; asked once per backend, so the channels of a
     *                backend share its breaker, bulkhead and tenant shares
     * @param loops   the web server's event loops, which the channels run on
     */
    public BackendChannels(Map<String, String> targets, Set<String> needed, Policy policy, LoopResources loops) {
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(targets.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no target for backend(s) " + missing
                    + ": set exceed.gateway.backends.<name>=host:port");
        }
        EventLoopGroup group = loops.onServer(true);
        Class<? extends SocketChannel> channelType = loops.onChannelClass(SocketChannel.class, group);
        for (String backend : new TreeSet<>(needed)) {
            List<ClientInterceptor> interceptors = policy.interceptors(backend);
            Map<String, ?> serviceConfig = policy.serviceConfig(backend);
            List<LoopChannel> perLoop = new ArrayList<>();
            for (EventExecutor executor : group) {
                EventLoop loop = (EventLoop) executor;
                // Plain text: the services are reached inside the cluster (NetworkPolicies restrict who may call them).
                NettyChannelBuilder builder = NettyChannelBuilder.forTarget(targets.get(backend)).usePlaintext()
                        .eventLoopGroup(loop).channelType(channelType).directExecutor().intercept(interceptors);
                if (!serviceConfig.isEmpty()) {
                    builder.defaultServiceConfig(serviceConfig).enableRetry();
                }
                perLoop.add(new LoopChannel(loop, builder.build()));
            }
            channels.put(backend, List.copyOf(perLoop));
        }
    }

    /** The backend's channel on the calling thread's event loop, or any of its channels off the loops. */
    public ManagedChannel channel(String backend) {
        List<LoopChannel> perLoop = channels.get(backend);
        if (perLoop == null) {
            throw new IllegalArgumentException("unknown backend " + backend);
        }
        for (LoopChannel candidate : perLoop) {
            if (candidate.loop().inEventLoop()) {
                return candidate.channel();
            }
        }
        return perLoop.get(ThreadLocalRandom.current().nextInt(perLoop.size())).channel();
    }

    /** Lets calls in flight finish for a moment, then cuts what is left. */
    @Override
    public void close() throws InterruptedException {
        List<ManagedChannel> all = channels.values().stream().flatMap(List::stream).map(LoopChannel::channel).toList();
        all.forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : all) {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        }
    }
}
