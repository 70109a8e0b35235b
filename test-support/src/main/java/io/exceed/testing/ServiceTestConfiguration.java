package io.exceed.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Imported by every service's test base: replaces the service's clock with a {@link MutableClock}, records the
 * port the gRPC server bound (tests start it on port 0) and the commands the service sends to its store.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServiceTestConfiguration {

    @Bean
    MutableClock clock() {
        return new MutableClock();
    }

    @Bean
    StoreCommands storeCommands() {
        return new StoreCommands();
    }

    @Bean
    GrpcServerPort grpcServerPort() {
        return new GrpcServerPort();
    }

    /** The port the gRPC server bound, learned from its start event. */
    public static final class GrpcServerPort {

        private volatile int value;

        @EventListener
        void on(GrpcServerStartedEvent event) {
            value = event.getPort();
        }

        public int value() {
            return value;
        }
    }
}
