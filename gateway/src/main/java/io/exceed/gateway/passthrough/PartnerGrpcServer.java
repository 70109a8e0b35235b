package io.exceed.gateway.passthrough;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * The gateway's gRPC port for partners: every contract service relayed to its backend, plus
 * {@code grpc.health.v1} (the gateway's own readiness) and server reflection (the contracts are public, as
 * the OpenAPI document is). Plain HTTP/2 (h2c) inside a cluster, or TLS at the edge when a certificate
 * chain and private key are configured.
 *
 * <p>On shutdown the port reports NOT_SERVING and stops accepting calls; calls in flight get the grace
 * period to finish before they are cancelled. It stops before the backend channels close.
 */
public final class PartnerGrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartnerGrpcServer.class);

    /** Where a certificate chain and its private key are, both PEM. */
    public record Tls(File certificateChain, File privateKey) {
    }

    /**
     * @param handlerThreads                  threads running the calls' handlers; calls beyond wait for one
     * @param maxConcurrentCallsPerConnection calls one connection may have open at once
     */
    public record Limits(int handlerThreads, int maxConcurrentCallsPerConnection) {
    }

    private final int requestedPort;
    private final Tls tls;
    private final Duration gracePeriod;
    private final Limits limits;
    private final PassthroughServices services;
    private final HealthStatusManager health = new HealthStatusManager();
    private volatile Server server;
    private volatile ExecutorService handlers;

    /**
     * @param port        the port to listen on; 0 picks a free one (see {@link #port()})
     * @param tls         null for plain HTTP/2
     * @param gracePeriod how long calls in flight may go on after shutdown began
     */
    public PartnerGrpcServer(int port, Tls tls, Duration gracePeriod, Limits limits, PassthroughServices services) {
        this.requestedPort = port;
        this.tls = tls;
        this.gracePeriod = gracePeriod;
        this.limits = limits;
        this.services = services;
    }

    @Override
    public void start() {
        ServerCredentials credentials = credentials();
        // Handlers block on a credential check or a rate limit; a bounded pool keeps a flood of calls (most of them
        // refused) from adding a thread each, as grpc-java's default executor would.
        handlers = Executors.newFixedThreadPool(limits.handlerThreads(),
                Thread.ofPlatform().name("grpc-partner-", 0).factory());
        NettyServerBuilder builder = NettyServerBuilder.forPort(requestedPort, credentials)
                .executor(handlers)
                .maxConcurrentCallsPerConnection(limits.maxConcurrentCallsPerConnection());
        services.definitions().forEach(builder::addService);
        builder.addService(health.getHealthService());
        builder.addService(ProtoReflectionServiceV1.newInstance());
        try {
            server = builder.build().start();
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot listen for gRPC on port " + requestedPort, failure);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        log.info("gRPC passthrough for partners on port {} ({}), {} methods", server.getPort(),
                tls == null ? "h2c" : "TLS", services.methods().size());
    }

    private ServerCredentials credentials() {
        if (tls == null) {
            return io.grpc.InsecureServerCredentials.create();
        }
        try {
            return TlsServerCredentials.create(tls.certificateChain(), tls.privateKey());
        } catch (IOException | IllegalArgumentException unreadable) {
            throw new IllegalStateException("cannot read the gRPC TLS certificate chain " + tls.certificateChain()
                    + " or private key " + tls.privateKey() + ": " + unreadable.getMessage(), unreadable);
        }
    }

    /** The port it listens on. */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC passthrough is not running");
        }
        return running.getPort();
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        health.enterTerminalState();
        running.shutdown();
        try {
            if (!running.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("gRPC calls still running after {}: cancelling them", gracePeriod);
                running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
