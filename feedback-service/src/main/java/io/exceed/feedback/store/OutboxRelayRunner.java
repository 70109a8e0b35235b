package io.exceed.feedback.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import io.exceed.eventing.OutboxRelay;

/** Runs the relay on every replica at a fixed pace; a failed run is retried by the next one. */
public class OutboxRelayRunner {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelayRunner.class);

    private final OutboxRelay relay;

    public OutboxRelayRunner(OutboxRelay relay) {
        this.relay = relay;
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.events.relay-interval}")
    void relay() {
        try {
            relay.run();
        } catch (RuntimeException e) {
            log.warn("relaying feedback events failed; the next run retries", e);
        }
    }
}
