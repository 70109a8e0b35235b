package io.exceed.feedback.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the relay on every replica at a fixed pace; a failed run is retried by the next one. */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoEventFeed feed;

    public OutboxRelay(MongoEventFeed feed) {
        this.feed = feed;
    }

    @Scheduled(fixedDelayString = "${exceed.feedback.events.relay-interval}")
    void relay() {
        try {
            feed.relayOnce();
        } catch (RuntimeException e) {
            log.warn("relaying feedback events failed; the next run retries", e);
        }
    }
}
