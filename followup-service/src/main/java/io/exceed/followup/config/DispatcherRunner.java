package io.exceed.followup.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.followup.domain.webhook.WebhookDispatcher;

/** Runs the webhook dispatcher on every replica; a full batch runs again at once, a failed run at the next tick. */
public class DispatcherRunner {

    private static final Logger log = LoggerFactory.getLogger(DispatcherRunner.class);

    private final WebhookDispatcher dispatcher;

    public DispatcherRunner(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Scheduled(fixedDelayString = "${exceed.followup.webhooks.dispatch.poll-interval}")
    void run() throws InterruptedException {
        try {
            boolean backlog = true;
            while (backlog) {
                backlog = dispatcher.runOnce().full();
            }
        } catch (RuntimeException e) {
            log.warn("the webhook dispatcher run failed; the next run retries", e);
        }
    }
}
