package io.exceed.defaults.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * The process's own health on gRPC. From start to shutdown the {@value #LIVENESS_SERVICE} service reports
 * SERVING whatever the store does, for Kubernetes' liveness probe: restarting a replica cannot bring MongoDB
 * back (readiness, on the overall "" status, follows the store). On shutdown, first reports NOT_SERVING
 * everywhere so load balancers and Kubernetes stop sending new calls, waits the drain delay for them to
 * notice, and only then lets the gRPC server finish in-flight calls and stop. The context-closed event comes
 * before any lifecycle bean (the gRPC server among them) is stopped.
 */
public class GracefulDrain {

    /** The grpc.health.v1 service name Kubernetes' liveness probe asks about. */
    public static final String LIVENESS_SERVICE = "liveness";

    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

    private final HealthStatusManager health;
    private final Duration drainDelay;

    public GracefulDrain(HealthStatusManager health, Duration drainDelay) {
        this.health = health;
        this.drainDelay = drainDelay;
        health.setStatus(LIVENESS_SERVICE, ServingStatus.SERVING);
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
