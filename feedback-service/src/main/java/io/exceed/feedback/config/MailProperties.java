package io.exceed.feedback.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.exceed.eventing.FeedDelivery;

/**
 * The e-mail the platform sends ({@code exceed.feedback.mail.*}); the defaults and their reasons are in
 * application.yaml.
 *
 * @param secretKey          base64 AES-256 key that encrypts SMTP passwords and queued survey tokens at rest
 *                           (EXCEED_MAIL_SECRET_KEY); without it no e-mail channel can be set
 * @param previousSecretKeys keys values may still be encrypted under after a rotation
 *                           (EXCEED_MAIL_SECRET_PREVIOUS_KEYS, separated by commas or white space)
 * @param interval           how often each replica sends what is due
 * @param batch              messages claimed per pass
 * @param lease              how long a replica holds a message while sending it
 * @param firstBackoff       the wait after a first temporary failure, doubled after each further one
 * @param maxBackoff         the longest wait
 * @param maxAttempts        attempts before a message that keeps failing is given up
 * @param connectTimeout     SMTP connect timeout
 * @param timeout            SMTP read and write timeout
 * @param delivery           how the feed's answers and complaints are taken to queue thanks and acknowledgements
 * @param unsubscribeLinkLifetime how long an e-mail's unsubscribe link works after the e-mail is written
 * @param retention          how long a message is kept after it was sent or ended otherwise
 * @param purgeInterval      how often each replica deletes messages past retention and expired unsubscribe links
 * @param purgeBatch         documents deleted per store command while purging
 */
@ConfigurationProperties("exceed.feedback.mail")
public record MailProperties(String secretKey, List<String> previousSecretKeys, Duration interval, int batch,
        Duration lease, Duration firstBackoff, Duration maxBackoff, int maxAttempts, Duration connectTimeout,
        Duration timeout, FeedDelivery.Settings delivery, Duration unsubscribeLinkLifetime,
        Duration retention, Duration purgeInterval, int purgeBatch) {

    /** Previous keys split on white space too, and blanks dropped: a trailing comma or newline is no key. */
    public MailProperties {
        previousSecretKeys = previousSecretKeys == null ? List.of() : previousSecretKeys.stream()
                .flatMap(entry -> Arrays.stream(entry.strip().split("\\s+")))
                .filter(key -> !key.isEmpty())
                .toList();
    }

    public boolean hasSecretKey() {
        return secretKey != null && !secretKey.isBlank();
    }
}
