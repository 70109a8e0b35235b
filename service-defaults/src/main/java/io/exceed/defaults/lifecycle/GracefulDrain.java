package io.exceed.defaults.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import io.grpc.protobuf.services.HealthStatusManager;

/**
 * On shutdown, first reports NOT_SERVING so load balancers and Kubernetes stop sending new calls, waits
 * the drain delay for them to notice, and only then lets the gRPC server finish in-flight calls and stop.
 * The context-closed event comes before any lifecycle bean (the gRPC server among them) is stopped.
 */
public class GracefulDrain {

    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

    private final HealthStatusManager health;
    private final Duration drainDelay;

    public GracefulDrain(HealthStatusManager health, Duration drainDelay) {
        this.health = health;
        this.drainDelay = drainDelay;
    }

    @EventListener(ContextClosedEvent.class)
    public void reportNotServing() {
        health.enterTerminalState();
        log.info("health set to NOT_SERVING; draining for {}", drainDelay);
        if (drainDelay.isPositive()) {
            try {
                // Deliberately idle: the point is to give routers time to see NOT_SERVING.
                Thread.sleep(drainDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
