package io.exceed.defaults;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.exceed.defaults.client.ClientProperties;
import io.exceed.defaults.client.RemoteCustomerDirectory;
import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.customers.CustomerDirectory;
import io.exceed.defaults.error.GrpcErrorMapper;
import io.exceed.defaults.lifecycle.GracefulDrain;
import io.exceed.defaults.storage.StorageConfiguration;
import io.exceed.defaults.tenancy.TenantInterceptor;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/** Everything an Exceed service gets by depending on service-defaults. */
@AutoConfiguration(afterName = "org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration")
@Import(StorageConfiguration.class)
@EnableConfigurationProperties(ClientProperties.class)
public class ServiceDefaultsAutoConfiguration {

    @Bean(destroyMethod = "close")
    ServiceClients serviceClients(ClientProperties properties, MeterRegistry meters,
            ObjectProvider<ObservationRegistry> observations) {
        return new ServiceClients(properties, meters, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    /**
     * customer-service's directory, for the services that store data naming customers (they switch it on with
     * {@code exceed.customer-directory.enabled}); they fall back to {@link CustomerDirectory#UNCHECKED} without it.
     */
    @Bean
    @ConditionalOnProperty(name = "exceed.customer-directory.enabled", havingValue = "true")
    CustomerDirectory customerDirectory(ServiceClients clients,
            @Value("${exceed.customer-directory.remember:1m}") Duration remember) {
        return new RemoteCustomerDirectory(clients, remember);
    }

    @Bean
    TenantInterceptor tenantInterceptor(@Value("${exceed.tenancy.tenantless-services:}") Set<String> publicServices) {
        return new TenantInterceptor(publicServices);
    }

    @Bean
    GrpcErrorMapper grpcErrorMapper() {
        return new GrpcErrorMapper();
    }

    @Bean
    GracefulDrain gracefulDrain(HealthStatusManager health,
            @Value("${exceed.shutdown.drain-delay}") Duration drainDelay) {
        return new GracefulDrain(health, drainDelay);
    }

    /**
     * Time rules read the time from this clock, so tests can set it. It ticks in milliseconds, the
     * precision the store keeps, so a time read back equals the time written.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
