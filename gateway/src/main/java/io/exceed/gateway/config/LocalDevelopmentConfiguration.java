package io.exceed.gateway.config;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.exceed.feedback.v1.EmailChannel;
import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.ApiKeys;
import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.local.DevelopmentKey;
import io.exceed.gateway.local.DevelopmentMailChannel;

/**
 * The {@code local} profile ({@code bin/run-local}): a development tenant and API key, printed with a first call to
 * try once the gateway is ready, and the tenant's e-mail sent to the local mail catcher when {@code bin/run-local}
 * started one. Never active in a deployment.
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
            BackendChannels backends, @Value("${server.port}") int port,
            @Value("${exceed.gateway.grpc.port}") int grpcPort,
            @Value("${exceed.local.mail-catcher.smtp-port:0}") int catcherSmtpPort,
            @Value("${exceed.local.mail-catcher.read-url:}") String catcherReadUrl) {
        return ready -> {
            String key = developmentKey.ensure();
            String mail = catcherSmtpPort == 0 ? ""
                    : mailCatcher(new DevelopmentMailChannel(backends.channel("feedback-service"), catcherSmtpPort),
                            catcherSmtpPort, catcherReadUrl);
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
                    %5$s
                    """, url, grpcPort, DevelopmentKey.TENANT.value(), key, mail);
        };
    }

    /** Where the development tenant's e-mail can be read, as a paragraph of the welcome. */
    private static String mailCatcher(DevelopmentMailChannel channel, int smtpPort, String readUrl) {
        try {
            EmailChannel set = channel.ensure();
            String smtp = set.getSmtpHost() + ":" + set.getSmtpPort();
            return smtp.equals("127.0.0.1:" + smtpPort) ? """
                    E-mail the platform sends the development tenant's customers goes to the local mail catcher (%1$s):
                      read a customer's with: curl -s %2$s/api/user/<their e-mail address>/messages/INBOX
                    """.formatted(smtp, readUrl)
                    : "The development tenant sends e-mail through its own channel, " + smtp + ".\n";
        } catch (RuntimeException e) {
            return "The development tenant's e-mail channel could not be set (" + e.getMessage() + ").\n";
        }
    }
}
