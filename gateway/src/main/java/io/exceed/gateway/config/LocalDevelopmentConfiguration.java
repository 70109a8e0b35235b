package io.exceed.gateway.config;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.local.DevelopmentKey;

/**
 * The {@code local} profile ({@code bin/run-local}): a development tenant and API key, printed with a first call to
 * try once the gateway is ready. Never active in a deployment.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalDevelopmentConfiguration {

    @Bean
    DevelopmentKey developmentKey(ApiKeys apiKeys, ApiKeyAuthenticator authenticator,
            @Value("${exceed.storage.data-dir:data}") Path dataDir) {
        return new DevelopmentKey(apiKeys, authenticator, dataDir.resolve("dev-api-key"));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> printDevelopmentKey(DevelopmentKey developmentKey,
            @Value("${server.port}") int port, @Value("${exceed.gateway.grpc.port}") int grpcPort) {
        return ready -> {
            String key = developmentKey.ensure();
            String url = "http://localhost:" + port;
            // Printed, not logged: this is the local run's welcome, meant for the person at the terminal.
            System.out.printf("""

                    Exceed is running. REST API: %1$s (reference: %1$s/docs); gRPC for partners: localhost:%2$d
                    Development tenant '%3$s', API key (kept in the data directory as dev-api-key):
                      %4$s
                    Try:
                      curl -s -X POST %1$s/v1/customers -H 'authorization: Bearer %4$s' \\
                        -H 'content-type: application/json' -d '{"displayName": "Åsa Öberg", "timeZone": "Europe/Stockholm"}'
                      curl -s %1$s/v1/customers -H 'authorization: Bearer %4$s'

                    """, url, grpcPort, DevelopmentKey.TENANT.value(), key);
        };
    }
}
