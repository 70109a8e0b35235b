package io.exceed.gateway.idempotency;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;


/**
 * Deletes expired idempotency records in batches, on every replica. MongoDB's TTL index does the same; the
 * embedded store never expires anything, and expired records, though ignored, would otherwise pile up. Records
 * in the old format (with a stored response) go too: a replica of an earlier version may write them until a
 * rolling upgrade has replaced it. A full batch is followed by another at once, so a backlog drains at the
 * store's pace, one bounded delete at a time. Each run then counts the tenants' live records for their limit.
 */
public class IdempotencyRecordPurge {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRecordPurge.class);

    private final IdempotencyRecordStore store;
    private final IdempotencyRecordCounts counts;
    private final Clock clock;
    private final int batchSize;

    public IdempotencyRecordPurge(IdempotencyRecordStore store, IdempotencyRecordCounts counts, Clock clock,
            int batchSize) {
        this.store = store;
        this.counts = counts;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Scheduled(fixedDelayString = "${exceed.gateway.idempotency.purge-interval:1m}")
    void run() {
        try {
            purge();
        } catch (RuntimeException failure) {
            log.warn("purging idempotency records failed; the next run retries", failure);
        }
    }

    /**
     * Deletes every record expired now or in the old format, batch by batch, then counts each tenant's live
     * records; returns how many it deleted.
     */
    public long purge() {
        long deleted = 0;
        int batch;
        do {
            batch = store.purge(clock.instant(), batchSize);
            deleted += batch;
        } while (batch == batchSize);
        counts.recount(store.liveCounts(clock.instant()));
        return deleted;
    }
}
