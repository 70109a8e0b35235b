package io.exceed.gateway.config;

import java.io.File;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.passthrough.PartnerGrpcServer;
import io.exceed.gateway.passthrough.PassthroughServices;
import io.exceed.gateway.rest.Contracts;

/** Wires the partners' gRPC port: every contract service relayed to its backend, admitted as REST calls are. */
@Configuration(proxyBeanMethods = false)
public class PartnerGrpcConfiguration {

    @Bean
    PassthroughServices passthroughServices(BackendChannels channels, AuthenticationFailures authentications,
            RateLimits rateLimits, GatewayProperties gateway,
            @Value("${exceed.gateway.public-services:}") Set<String> tenantless) {
        return new PassthroughServices(Contracts.SERVICE_FILES, Contracts.BACKEND_BY_PACKAGE, tenantless, channels,
                authentications, rateLimits, gateway.deadline());
    }

    @Bean
    PartnerGrpcServer partnerGrpcServer(PartnerGrpcProperties properties, PassthroughServices services) {
        PartnerGrpcServer.Tls tls = properties.tls().enabled()
                ? new PartnerGrpcServer.Tls(new File(properties.tls().certificateChain()),
                        new File(properties.tls().privateKey()))
                : null;
        return new PartnerGrpcServer(properties.port(), tls, properties.shutdownGracePeriod(),
                new PartnerGrpcServer.Limits(properties.handlerThreads(), properties.maxConcurrentCallsPerConnection()),
                services);
    }
}
