package io.exceed.eventing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.error.FailedPreconditionException;
import io.exceed.defaults.error.NotFoundException;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.IdPages;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What a service could not do and will not try again by itself: an event a consumer refused for good, or a
 * follow-up whose contact check was refused. Each is one record per consumer and subject (the feed position, the
 * follow-up), open until a retry succeeds; a refusal of the same subject again updates its reason. A retry runs the
 * consumer's own {@link Retry} at once, so the caller learns whether the cause is fixed. Records name the customer
 * only by id, so an erasure deletes them ({@link #forgetCustomer}).
 */
public final class DeadLetters implements MeterBinder {

    /** Whether a dead letter still needs someone. */
    public enum State { OPEN, RESOLVED }

    /**
     * @param consumer   what refused: a feed consumer's name, or the work that could not go on
     * @param subject    what was refused, within the consumer: a feed position, a follow-up id
     * @param customerId the customer concerned; null if none
     */
    public record DeadLetter(String id, TenantId tenant, String consumer, String subject, String customerId,
            String reason, State state, int retries, Instant createTime, Instant updateTime) {
    }

    /** Does the refused work again. Throws {@link Refused} if it is refused again, anything else if not now. */
    @FunctionalInterface
    public interface Retry {
        void retry(DeadLetter deadLetter) throws Exception;
    }

    /**
     * The work was refused for good: retrying cannot change the answer until someone fixes its cause. The message
     * says why, naming the customer at most by id.
     */
    public static final class Refused extends RuntimeException {

        private final String customerId;

        /** @param customerId the customer concerned, or null */
        public Refused(String message, String customerId, Throwable cause) {
            super(message, cause);
            this.customerId = customerId;
        }

        public String customerId() {
            return customerId;
        }

        /** A gRPC refusal as a reason a person can act on: its code and its description, e.g. which field and why. */
        public static String reason(Status status) {
            return status.getDescription() == null ? status.getCode().name()
                    : status.getCode() + ": " + status.getDescription();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 2_000;
    /** How long one retry holds a dead letter, so two retries at once run it once; a crashed one frees it then. */
    private static final Duration RETRY_HOLD = Duration.ofMinutes(1);
    private static final String CONSUMER = "consumer";
    private static final String SUBJECT = "subject";
    private static final String CUSTOMER = "customerId";
    private static final String REASON = "reason";
    private static final String STATE = "state";
    private static final String RETRIES = "retries";
    private static final String CREATED = "createTime";
    private static final String UPDATED = "updateTime";
    private static final String RETRYING_UNTIL = "retryingUntil";

    private final MongoCollection<Document> records;
    private final Clock clock;
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    public DeadLetters(MongoCollection<Document> records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** One record per tenant, consumer and subject. */
    public static void createIndexes(MongoCollection<Document> records) {
        records.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, CONSUMER, SUBJECT),
                new IndexOptions().unique(true));
    }

    /** How a consumer's dead letters are retried; a consumer registered again (a restarted one) is replaced. */
    public synchronized void register(String consumer, Retry retry) {
        if (retries.put(consumer, retry) == null && registry != null) {
            gauge(consumer, registry);
        }
    }

    /** Records a refusal: a new open dead letter, or the subject's existing one reopened with the new reason. */
    public DeadLetter record(TenantId tenant, String consumer, String subject, String customerId, String reason) {
        Instant now = clock.instant();
        String shortened = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
        Bson key = TenantScope.filter(tenant, Filters.eq(CONSUMER, consumer), Filters.eq(SUBJECT, subject));
        for (int attempt = 0; attempt < 2; attempt++) {
            Document existing = records.find(key).first();
            if (existing != null) {
                records.updateOne(Filters.eq("_id", existing.get("_id")), Updates.combine(
                        Updates.set(REASON, shortened), Updates.set(STATE, State.OPEN.name()),
                        Updates.set(UPDATED, Times.toDate(now))));
                return find(tenant, existing.getString("_id")).orElseThrow();
            }
            Document created = new Document("_id", TimeOrderedIds.next())
                    .append(TenantScope.TENANT_FIELD, tenant.value()).append(CONSUMER, consumer)
                    .append(SUBJECT, subject).append(CUSTOMER, customerId).append(REASON, shortened)
                    .append(STATE, State.OPEN.name()).append(RETRIES, 0).append(CREATED, Times.toDate(now))
                    .append(UPDATED, Times.toDate(now));
            try {
                records.insertOne(created);
                return deadLetter(created);
            } catch (MongoException e) {
                if (!DuplicateKey.is(e)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("dead letter of " + consumer + " " + subject + " could not be recorded");
    }

    /** A tenant's dead letters, oldest first; only those in {@code state} if given. */
    public Page<DeadLetter> list(TenantId tenant, Optional<State> state, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        state.ifPresent(wanted -> conditions.add(Filters.eq(STATE, wanted.name())));
        return IdPages.page(records, tenant, conditions, afterId, limit, DeadLetters::deadLetter, DeadLetter::id);
    }

    public Optional<DeadLetter> find(TenantId tenant, String id) {
        return Optional.ofNullable(records.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(DeadLetters::deadLetter);
    }

    /**
     * Runs the refused work again, at most once at a time. Succeeded: the dead letter is resolved and returned.
     * Refused again: it stays open with the new reason, and the refusal is thrown as FAILED_PRECONDITION. Not
     * possible now (a dependency down): it stays open as it was, and that failure is thrown.
     */
    public DeadLetter retry(TenantId tenant, String id) {
        DeadLetter deadLetter = find(tenant, id).orElseThrow(() -> new NotFoundException("dead letter", id));
        if (deadLetter.state() == State.RESOLVED) {
            throw new FailedPreconditionException("DEAD_LETTER_RESOLVED",
                    "dead letter " + id + " was resolved already; nothing to retry");
        }
        Retry retry = retries.get(deadLetter.consumer());
        if (retry == null) {
            throw new FailedPreconditionException("DEAD_LETTER_NOT_RETRYABLE",
                    "dead letter " + id + " of " + deadLetter.consumer() + " cannot be retried by this version");
        }
        Instant now = clock.instant();
        Bson held = Filters.and(TenantScope.filter(tenant, Filters.eq("_id", id)),
                Filters.eq(STATE, State.OPEN.name()), Filters.or(Filters.eq(RETRYING_UNTIL, null),
                        Filters.lt(RETRYING_UNTIL, Times.toDate(now))));
        if (records.updateOne(held, Updates.set(RETRYING_UNTIL, Times.toDate(now.plus(RETRY_HOLD))))
                .getModifiedCount() == 0) {
            throw new FailedPreconditionException("DEAD_LETTER_RETRY_UNDER_WAY",
                    "dead letter " + id + " is being retried or was resolved meanwhile");
        }
        Bson record = Filters.eq("_id", id);
        try {
            retry.retry(deadLetter);
        } catch (Refused refused) {
            records.updateOne(record, Updates.combine(Updates.set(REASON, refused.getMessage()),
                    Updates.inc(RETRIES, 1), Updates.set(UPDATED, Times.toDate(clock.instant())),
                    Updates.unset(RETRYING_UNTIL)));
            throw new FailedPreconditionException("DEAD_LETTER_REFUSED_AGAIN",
                    "dead letter " + id + " was refused again: " + refused.getMessage());
        } catch (Exception e) {
            records.updateOne(record, Updates.unset(RETRYING_UNTIL));
            log.warn("retrying dead letter {} of tenant {} failed for now: {}", id, tenant, e.toString());
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
        records.updateOne(record, Updates.combine(Updates.set(STATE, State.RESOLVED.name()), Updates.inc(RETRIES, 1),
                Updates.set(UPDATED, Times.toDate(clock.instant())), Updates.unset(RETRYING_UNTIL)));
        return find(tenant, id).orElseThrow();
    }

    /** An erased customer's dead letters go: the work they stand for concerns nobody now. */
    public long forgetCustomer(TenantId tenant, String customerId) {
        return records.deleteMany(TenantScope.filter(tenant, Filters.eq(CUSTOMER, customerId))).getDeletedCount();
    }

    /** {@code exceed.dead.letters.open}: open dead letters of each registered consumer, every tenant together. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        retries.keySet().forEach(consumer -> gauge(consumer, registry));
    }

    private void gauge(String consumer, MeterRegistry registry) {
        Gauge.builder("exceed.dead.letters.open", this, letters -> letters.records.countDocuments(Filters.and(
                        Filters.eq(CONSUMER, consumer), Filters.eq(STATE, State.OPEN.name()))))
                .description("Work refused for good that waits for a person: fix its cause, then retry it")
                .tag("consumer", consumer)
                .strongReference(true)
                .register(registry);
    }

    private static DeadLetter deadLetter(Document document) {
        return new DeadLetter(document.getString("_id"), new TenantId(document.getString(TenantScope.TENANT_FIELD)),
                document.getString(CONSUMER), document.getString(SUBJECT), document.getString(CUSTOMER),
                document.getString(REASON), State.valueOf(document.getString(STATE)), document.getInteger(RETRIES, 0),
                Times.toInstant(document.getDate(CREATED)), Times.toInstant(document.getDate(UPDATED)));
    }
}
