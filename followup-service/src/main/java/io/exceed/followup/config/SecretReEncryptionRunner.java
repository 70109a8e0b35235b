package io.exceed.followup.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.followup.store.MongoWebhookEndpointStore;
import io.exceed.followup.store.MongoWebhookEndpointStore.ReEncryption;

/**
 * Re-encrypts webhook secrets not yet under the current key, on every replica at start-up and then every
 * interval: the start-up pass takes what was stored before the key was replaced, the later ones what a replica
 * still on the old key wrote during the rollout. Passes are safe side by side (see
 * {@link MongoWebhookEndpointStore#reEncryptSecrets}). They run on a thread of their own so that a long pass
 * after a rotation never holds up the milestone scheduler or the dispatcher, which share Spring's.
 */
public final class SecretReEncryptionRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SecretReEncryptionRunner.class);
    private static final int ENDPOINTS_NAMED = 10;

    private final MongoWebhookEndpointStore endpoints;
    private final String currentKeyId;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("webhook-secret-re-encryption").factory());
    /** Only the executor's one thread reads and writes it. */
    private boolean firstPass = true;

    public SecretReEncryptionRunner(MongoWebhookEndpointStore endpoints, String currentKeyId, Duration interval) {
        this.endpoints = endpoints;
        this.currentKeyId = currentKeyId;
        this.interval = interval;
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * The first pass always reports, so an operator sees which key a replica encrypts under; later passes only
     * when they did something or found secrets no configured key reads.
     */
    private void run() {
        try {
            ReEncryption pass = endpoints.reEncryptSecrets();
            if (firstPass || pass.reEncrypted() > 0) {
                log.info("webhook secrets are encrypted under key {}: this pass re-encrypted those of {} endpoint(s)",
                        currentKeyId, pass.reEncrypted());
            }
            List<String> unreadable = pass.unreadable();
            if (!unreadable.isEmpty()) {
                log.error("{} webhook endpoint(s) have a secret that no configured key decrypts (e.g. {}): their "
                        + "deliveries fail until the key it is under is in EXCEED_WEBHOOK_SECRET_PREVIOUS_KEYS again",
                        unreadable.size(), unreadable.subList(0, Math.min(ENDPOINTS_NAMED, unreadable.size())));
            }
            firstPass = false;
        } catch (RuntimeException e) {
            log.warn("re-encrypting webhook secrets failed; the next pass retries", e);
        }
    }
}
