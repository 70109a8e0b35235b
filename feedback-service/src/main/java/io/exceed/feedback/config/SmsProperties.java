package io.exceed.feedback.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The texts the platform sends ({@code exceed.feedback.sms.*}); claiming, backoff and attempts are the e-mails'
 * ({@code exceed.feedback.mail.*}), and so is the key auth tokens are encrypted with.
 *
 * @param providerBaseUrl Twilio's API address (EXCEED_SMS_PROVIDER_BASE_URL): the service's, never a tenant's
 * @param connectTimeout  to open a connection to the provider
 * @param timeout         for the provider's whole answer
 */
@ConfigurationProperties("exceed.feedback.sms")
public record SmsProperties(URI providerBaseUrl, Duration connectTimeout, Duration timeout) {
}
