package io.exceed.eventing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.github.resilience4j.core.IntervalFunction;

/**
 * Hands a feed's events to one consumer (usually another service) at least once, in feed order per tenant. Each
 * tenant has a cursor document per consumer: the last sequence delivered, and, after a failure, when to try
 * again (exponential backoff with jitter). A run takes the cursors that are behind by a lease, so replicas share
 * the work and a crashed replica's tenants are taken over when its lease ends; an event whose delivery was not
 * yet recorded is delivered again, so consumers de-duplicate by event id or source.
 */
public final class FeedDelivery<E> {

    /**
     * Applies one event. Throws {@link DeadLetters.Refused} when the consumer refused the event for good (retrying
     * cannot change the answer), anything else when it was not applied for now, and the event is offered again later.
     */
    @FunctionalInterface
    public interface Consumer<E> {
        void deliver(TenantId tenant, E event) throws Exception;
    }

    /**
     * @param batch        events read per tenant and run
     * @param lease        how long a replica holds a tenant's cursor; longer than a batch takes to deliver
     * @param firstBackoff the first wait after a failed delivery; it doubles with each further failure
     * @param maxBackoff   the longest wait
     */
    public record Settings(int batch, Duration lease, Duration firstBackoff, Duration maxBackoff) {
    }

    private static final Logger log = LoggerFactory.getLogger(FeedDelivery.class);
    static final String DELIVERED = "delivered";
    static final String FAILURES = "failures";
    static final String RETRY_AT = "retryAt";
    static final String LAST_ERROR = "lastError";
    static final String REJECTED = "rejected";

    private final String consumerName;
    private final Feed<E> feed;
    private final Predicate<E> wanted;
    private final Consumer<E> consumer;
    private final MongoCollection<Document> cursors;
    private final Settings settings;
    private final DeadLetters deadLetters;
    private final IntervalFunction backoff;
    private final String replica;
    private final Clock clock;

    /**
     * @param consumerName names the consumer in the cursors ({@code <consumer>:<tenant>}) and logs
     * @param cursors      where the cursors are kept; one collection can serve every consumer of a service
     * @param deadLetters  where events refused for good are kept, to be retried from there by feed position
     * @param replica      this replica's lease owner id
     */
    public FeedDelivery(String consumerName, Feed<E> feed, Predicate<E> wanted, Consumer<E> consumer,
            MongoCollection<Document> cursors, Settings settings, DeadLetters deadLetters, String replica,
            Clock clock) {
        this.consumerName = consumerName;
        this.feed = feed;
        this.wanted = wanted;
        this.consumer = consumer;
        this.cursors = cursors;
        this.settings = settings;
        this.deadLetters = deadLetters;
        deadLetters.register(consumerName, deadLetter -> redeliver(deadLetter.tenant(),
                Long.parseLong(deadLetter.subject())));
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.firstBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        this.replica = replica;
        this.clock = clock;
    }

    /** The cursors' index: one cursor per consumer and tenant. */
    public static void createIndexes(MongoCollection<Document> cursors) {
        cursors.createIndex(new Document("consumer", 1).append("tenant", 1), new IndexOptions().unique(true));
    }

    /** One pass over every tenant that has events this consumer has not had yet; returns how many it delivered. */
    public int runOnce() {
        Instant now = clock.instant();
        Map<String, Document> byTenant = new HashMap<>();
        cursors.find(Filters.eq("consumer", consumerName)).forEach(c -> byTenant.put(c.getString("tenant"), c));
        int delivered = 0;
        for (Map.Entry<TenantId, Long> head : feed.heads().entrySet()) {
            TenantId tenant = head.getKey();
            Document cursor = byTenant.computeIfAbsent(tenant.value(), t -> create(tenant));
            if (cursor.getLong(DELIVERED) >= head.getValue() || waiting(cursor, RETRY_AT, now)
                    || waiting(cursor, Leases.UNTIL, now)) {
                continue;
            }
            Document held = Leases.take(cursors, cursor, replica, now.plus(settings.lease()));
            if (held != null) {
                delivered += deliver(tenant, held, head.getValue(), now);
            }
        }
        return delivered;
    }

    private static boolean waiting(Document cursor, String field, Instant now) {
        Date until = cursor.getDate(field);
        return until != null && until.toInstant().isAfter(now);
    }

    private Document create(TenantId tenant) {
        Document cursor = new Document("_id", consumerName + ":" + tenant.value()).append("consumer", consumerName)
                .append("tenant", tenant.value()).append(DELIVERED, 0L).append(FAILURES, 0)
                .append(Leases.VERSION, 0L);
        try {
            cursors.insertOne(cursor);
            return cursor;
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            return cursors.find(Filters.eq("_id", cursor.get("_id"))).first();
        }
    }

    private int deliver(TenantId tenant, Document cursor, long head, Instant now) {
        long after = cursor.getLong(DELIVERED);
        Feed.Batch<E> batch = feed.read(tenant, after, wanted, settings.batch(), head);
        int delivered = 0;
        for (FeedEntry<E> entry : batch.entries()) {
            try {
                consumer.deliver(tenant, entry.event());
            } catch (DeadLetters.Refused refused) {
                log.error("{} refused event {} of tenant {} for good; it is a dead letter now: {}", consumerName,
                        entry.sequence(), tenant, refused.getMessage());
                deadLetters.record(tenant, consumerName, Long.toString(entry.sequence()), refused.customerId(),
                        refused.getMessage());
                cursors.updateOne(Filters.eq("_id", cursor.get("_id")), Updates.inc(REJECTED, 1));
                after = entry.sequence();
                continue;
            } catch (Exception e) {
                int failures = cursor.getInteger(FAILURES, 0) + 1;
                Instant retryAt = now.plusMillis(backoff.apply(Math.min(failures, 30)));
                log.warn("delivering event {} of tenant {} to {} failed ({} in a row); retrying at {}: {}",
                        entry.sequence(), tenant, consumerName, failures, retryAt, e.toString());
                record(cursor, Updates.combine(Updates.set(DELIVERED, after), Updates.set(FAILURES, failures),
                        Updates.set(RETRY_AT, Times.toDate(retryAt)), Updates.set(LAST_ERROR, e.toString())));
                return delivered;
            }
            after = entry.sequence();
            delivered++;
        }
        record(cursor, Updates.combine(Updates.set(DELIVERED, Math.max(after, batch.nextAfterSequence())),
                Updates.set(FAILURES, 0), Updates.unset(RETRY_AT), Updates.unset(LAST_ERROR)));
        return delivered;
    }

    /**
     * Delivers the event at {@code sequence} again, for a dead letter's retry: the consumer sees it as it is in the
     * feed now (pseudonymised, if its customer was erased meanwhile).
     */
    private void redeliver(TenantId tenant, long sequence) throws Exception {
        FeedEntry<E> entry = feed.read(tenant, sequence - 1, event -> true, 1, sequence).entries().stream()
                .filter(found -> found.sequence() == sequence)
                .findFirst()
                .orElseThrow(() -> new DeadLetters.Refused("the feed holds no event at " + sequence + " any more",
                        null, null));
        consumer.deliver(tenant, entry.event());
    }

    /** Stores progress and ends the lease, unless the lease ran out and another replica holds the cursor now. */
    private void record(Document cursor, Bson progress) {
        cursors.updateOne(Filters.and(Filters.eq("_id", cursor.get("_id")), Leases.heldBy(replica)),
                Updates.combine(progress, Leases.released()));
    }
}
