package io.exceed.eventing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.ExactKeyIndexes;
import io.exceed.defaults.storage.FlatFilters;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;

/**
 * A per-tenant event feed in MongoDB: every entry has the tenant's next {@value #SEQUENCE}, and readers see the
 * entries in that order. Whether a number will still be filled is decided by the store, never by comparing clocks.
 * <p>
 * A number is taken from the tenant's counter ({@code {_id: tenant, last}}) and then claimed by inserting the
 * document that holds it; the unique index on (tenant, sequence) arbitrates. So every number a reader passes has a
 * document, in one of these forms:
 * <ul>
 * <li>an <b>event</b> appended directly ({@link #append}), keyed by its id, so appending it twice stores it once;</li>
 * <li>a <b>slot</b> reserved for an event before the change that causes it is written (by the outbox): it names the
 * event and the document whose outbox will hold it, and is {@code RESERVED}, then {@code FILLED} with the event or
 * {@code VOID};</li>
 * <li>a <b>void</b> that a reader inserted at a number it found missing ({@link #read}): the insert that was to hold
 * the number (an appender still on its way, or one that died) then fails and takes the next number instead.</li>
 * </ul>
 * A reader that reaches a {@code RESERVED} slot settles it on the evidence of the source document, not of a clock:
 * if the document's outbox holds the event under that number (behind its earlier events, all filled) the reader
 * fills the slot, so an event whose writer crashed before relaying keeps its place; otherwise the change was never
 * written, or not yet, and the slot becomes void (an event written after that is appended again at the end by the
 * relay). Filling and voiding are compare-and-set on the slot's state, so of two readers, relays or both, one decides.
 * A replica voids such a slot only once it has seen it unfilled for its {@code patience}, by its own monotonic clock:
 * voiding sooner would be just as correct, but would send the events of writes still in flight to the end.
 */
public final class Feed<E> {

    static final String SEQUENCE = "sequence";
    /** The array in a source document that holds its pending events. */
    static final String OUTBOX = "outbox";
    static final String SLOT = "slot";
    static final String STATE = SLOT + ".state";

    /** A slot's life: reserved before the change is written, then filled with the event or void. */
    enum SlotState { RESERVED, FILLED, VOID }

    /** Entries read, already filtered, and the sequence to continue after. */
    public record Batch<E>(List<FeedEntry<E>> entries, long nextAfterSequence) {
    }

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> sequences;
    private final Map<String, MongoCollection<Document>> sources = new LinkedHashMap<>();
    private final Function<Document, E> mapper;
    private final long patienceNanos;
    private final LongSupplier ticker;
    private final BiConsumer<TenantId, Document> entered;
    /** Reserved slots this replica found without their event, and when it first did (its own nanoTime). */
    private final Map<Object, Long> unfilledSince = new ConcurrentHashMap<>();

    /**
     * How long a replica leaves a reserved slot unfilled before it voids it: far longer than a write takes, so only a
     * writer that died or stalled loses its place (and its event is then appended at the end, not lost).
     */
    static final Duration PATIENCE = Duration.ofSeconds(2);

    /**
     * @param collection          the feed's entries
     * @param sequencesCollection each tenant's last number handed out
     * @param sources             the collections whose documents may hold this feed's pending events (none for a
     *                            feed that is only appended to)
     * @param mapper              an event from its stored form ({@code _id} is the event id)
     */
    public Feed(MongoDatabase database, String collection, String sequencesCollection, List<String> sources,
            Function<Document, E> mapper) {
        this(database, collection, sequencesCollection, sources, mapper, (tenant, event) -> {
        });
    }

    /**
     * @param entered told of every event this replica put into the feed (appended, or filled into its place), after
     *                it is stored: a service that must amend what entered (an erased customer's data, say) does it
     *                there, so no entry escapes it however the write raced the amendment
     */
    public Feed(MongoDatabase database, String collection, String sequencesCollection, List<String> sources,
            Function<Document, E> mapper, BiConsumer<TenantId, Document> entered) {
        this(database, collection, sequencesCollection, sources, mapper, PATIENCE, System::nanoTime, entered);
    }

    /** @param ticker this replica's monotonic clock in nanoseconds (tests move it) */
    Feed(MongoDatabase database, String collection, String sequencesCollection, List<String> sources,
            Function<Document, E> mapper, Duration patience, LongSupplier ticker) {
        this(database, collection, sequencesCollection, sources, mapper, patience, ticker, (tenant, event) -> {
        });
    }

    private Feed(MongoDatabase database, String collection, String sequencesCollection, List<String> sources,
            Function<Document, E> mapper, Duration patience, LongSupplier ticker,
            BiConsumer<TenantId, Document> entered) {
        this.entered = entered;
        this.entries = database.getCollection(collection);
        this.sequences = database.getCollection(sequencesCollection);
        sources.forEach(name -> this.sources.put(name, database.getCollection(name)));
        this.mapper = mapper;
        this.patienceNanos = patience.toNanos();
        this.ticker = ticker;
    }

    /**
     * The feed's indexes: numbers unique per tenant (the arbiter of every claim), and on the embedded store a
     * lookup for the compare-and-set on a slot's state (see {@link ExactKeyIndexes}).
     */
    public static void createIndexes(MongoDatabase database, String collection, ExactKeyIndexes indexes) {
        MongoCollection<Document> entries = database.getCollection(collection);
        entries.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, SEQUENCE), new IndexOptions().unique(true));
        indexes.ensure(entries, "_id", STATE);
    }

    /** The collection of the feed's entries, which names it in metrics. */
    String name() {
        return entries.getNamespace().getCollectionName();
    }

    Map<String, MongoCollection<Document>> sources() {
        return sources;
    }

    /**
     * Appends {@code event} (keyed by its {@code _id}) to the tenant's feed; false if it was already there. A number
     * that another insert holds (a racing appender, or a reader that voided it) is passed for the next.
     */
    public boolean append(TenantId tenant, Document event) {
        while (true) {
            // find rather than countDocuments: the embedded store runs a count as a pipeline, which scans.
            if (entries.find(Filters.eq("_id", event.get("_id"))).projection(Projections.include("_id"))
                    .first() != null) {
                return false;
            }
            try {
                entries.insertOne(new Document(event).append(TenantScope.TENANT_FIELD, tenant.value())
                        .append(SEQUENCE, next(tenant)));
                entered.accept(tenant, event);
                return true;
            } catch (MongoException e) {
                if (!DuplicateKey.is(e)) {
                    throw e;
                }
            }
        }
    }

    /** Reserves the tenant's next number for {@code eventId}, to be held by the outbox of the named document. */
    long reserve(TenantId tenant, String eventId, String collection, Object documentId) {
        return reserve(tenant, List.of(eventId), collection, documentId).getFirst();
    }

    /**
     * Reserves the tenant's next numbers, in order, for {@code eventIds}, to be held by the outbox of the named
     * document: one increment and one insert however many events one change causes. A reader may void one of the
     * numbers before its slot is inserted (it saw a later number taken); then the slots already inserted are voided
     * too and all are reserved again, so the change's events keep their order.
     */
    List<Long> reserve(TenantId tenant, List<String> eventIds, String collection, Object documentId) {
        while (true) {
            long first = next(tenant, eventIds.size()) - eventIds.size() + 1;
            List<Document> slots = new ArrayList<>();
            for (int i = 0; i < eventIds.size(); i++) {
                slots.add(new Document("_id", slotId(eventIds.get(i), first + i))
                        .append(TenantScope.TENANT_FIELD, tenant.value())
                        .append(SEQUENCE, first + i)
                        .append(SLOT, new Document("state", SlotState.RESERVED.name()).append("eventId", eventIds.get(i))
                                .append("collection", collection).append("documentId", documentId)));
            }
            try {
                entries.insertMany(slots, new InsertManyOptions().ordered(true));
                return LongStream.range(first, first + eventIds.size()).boxed().toList();
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().size() != 1
                        || e.getWriteErrors().getFirst().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                for (int i = 0; i < e.getWriteErrors().getFirst().getIndex(); i++) {
                    voidUnlessFilled(tenant, eventIds.get(i), first + i);
                }
            }
        }
    }

    private long next(TenantId tenant) {
        return next(tenant, 1);
    }

    /** Takes {@code count} numbers at once; returns the last of them. */
    private long next(TenantId tenant, int count) {
        return sequences.findOneAndUpdate(Filters.eq("_id", tenant.value()), Updates.inc("last", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)).getLong("last");
    }

    private static String slotId(String eventId, long sequence) {
        return eventId + "@" + sequence;
    }

    /** Every tenant with a feed, and the highest number handed out to it so far. */
    public Map<TenantId, Long> heads() {
        Map<TenantId, Long> heads = new LinkedHashMap<>();
        sequences.find().forEach(document -> heads.put(new TenantId(document.getString("_id")),
                document.getLong("last")));
        return heads;
    }

    /** Wanted entries after {@code afterSequence}, at most {@code limit} examined. */
    public Batch<E> read(TenantId tenant, long afterSequence, Predicate<E> wanted, int limit) {
        return read(tenant, afterSequence, wanted, limit, afterSequence);
    }

    /**
     * Wanted entries after {@code afterSequence}, at most {@code limit} examined; every number up to {@code through}
     * is settled even when no entry follows it (a consumer that knows the tenant's head passes it, so a number
     * whose appender died at the head does not hold it back).
     */
    public Batch<E> read(TenantId tenant, long afterSequence, Predicate<E> wanted, int limit, long through) {
        List<Document> page = entries.find(TenantScope.filter(tenant, Filters.gt(SEQUENCE, afterSequence)))
                .sort(Sorts.ascending(SEQUENCE)).limit(limit).into(new ArrayList<>());
        List<FeedEntry<E>> read = new ArrayList<>();
        long last = afterSequence;
        for (Document stored : page) {
            long sequence = stored.getLong(SEQUENCE);
            for (long missing = last + 1; missing < sequence; missing++) {
                if (!collect(closeGap(tenant, missing), wanted, read)) {
                    return new Batch<>(List.copyOf(read), last);
                }
                last = missing;
            }
            if (!collect(settle(tenant, stored), wanted, read)) {
                return new Batch<>(List.copyOf(read), last);
            }
            last = sequence;
        }
        if (page.size() < limit) {
            for (long missing = last + 1; missing <= through; missing++) {
                if (!collect(closeGap(tenant, missing), wanted, read)) {
                    break;
                }
                last = missing;
            }
        }
        return new Batch<>(List.copyOf(read), last);
    }

    /** Adds a settled entry if it is a wanted event; false if the entry is still to be waited for. */
    private boolean collect(Document event, Predicate<E> wanted, List<FeedEntry<E>> read) {
        if (event == WAITING) {
            return false;
        }
        if (event != null) {
            E mapped = mapper.apply(event);
            if (wanted.test(mapped)) {
                read.add(new FeedEntry<>(event.getLong(SEQUENCE), mapped));
            }
        }
        return true;
    }

    /**
     * A number nothing holds yet, though a later one is taken: its appender is on its way or died. Voiding it makes
     * the late insert fail and take another number; if the insert got there first, that entry is read instead.
     */
    private Document closeGap(TenantId tenant, long sequence) {
        try {
            entries.insertOne(new Document("_id", "void:" + tenant.value() + ":" + sequence)
                    .append(TenantScope.TENANT_FIELD, tenant.value()).append(SEQUENCE, sequence)
                    .append(SLOT, new Document("state", SlotState.VOID.name())));
            return null;
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            return settle(tenant, at(tenant, sequence));
        }
    }

    private Document at(TenantId tenant, long sequence) {
        return entries.find(TenantScope.filter(tenant, Filters.eq(SEQUENCE, sequence))).first();
    }

    /** What {@link #settle} returns for a reserved slot this replica is still leaving to its writer. */
    private static final Document WAITING = new Document();

    /**
     * The event a stored entry stands for ({@code _id} its id), null for a void one, or {@link #WAITING}; settles a
     * reserved slot when it can.
     */
    Document settle(TenantId tenant, Document stored) {
        Document slot = stored.get(SLOT, Document.class);
        if (slot == null) {
            return stored;
        }
        if (!SlotState.RESERVED.name().equals(slot.getString("state"))) {
            unfilledSince.remove(stored.get("_id"));
        }
        switch (SlotState.valueOf(slot.getString("state"))) {
            case FILLED:
                return new Document(stored).append("_id", slot.getString("eventId"));
            case VOID:
                return null;
            default:
                Document event = heldInOrder(tenant, stored);
                if (event == WAITING || event == null && stillPatient(stored.get("_id"))) {
                    return WAITING;
                }
                unfilledSince.remove(stored.get("_id"));
                Bson reserved = FlatFilters.and(Filters.eq("_id", stored.get("_id")),
                        Filters.eq(STATE, SlotState.RESERVED.name()));
                Bson decision = event == null ? Updates.set(STATE, SlotState.VOID.name())
                        : Updates.combine(fields(event), Updates.set(STATE, SlotState.FILLED.name()));
                Document decided = entries.findOneAndUpdate(reserved, decision,
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                if (decided != null && event != null) {
                    entered.accept(tenant, event);
                }
                // Lost to another reader or relay: settle what it decided.
                return settle(tenant, decided != null ? decided
                        : entries.find(Filters.eq("_id", stored.get("_id"))).first());
        }
    }

    private boolean stillPatient(Object slotId) {
        long now = ticker.getAsLong();
        return now - unfilledSince.computeIfAbsent(slotId, id -> now) < patienceNanos;
    }

    private static Bson fields(Document event) {
        List<Bson> set = new ArrayList<>();
        event.forEach((field, value) -> {
            if (!field.equals("_id") && !field.equals(SEQUENCE)) {
                set.add(Updates.set(field, value));
            }
        });
        return Updates.combine(set);
    }

    /**
     * The event a reserved slot was taken for, if its document's outbox holds it under the slot's number and every
     * event before it there is filled in an earlier slot; {@link #WAITING} while an earlier one is; null otherwise
     * (the change was not written, or not yet, or an earlier event of the same document lost its place and this one
     * must follow it to the end).
     */
    private Document heldInOrder(TenantId tenant, Document reserved) {
        Document slot = reserved.get(SLOT, Document.class);
        MongoCollection<Document> source = sources.get(slot.getString("collection"));
        Document holder = source == null ? null : source.find(Filters.eq("_id", slot.get("documentId")))
                .projection(Projections.include(OUTBOX)).first();
        if (holder == null) {
            return null;
        }
        long sequence = reserved.getLong(SEQUENCE);
        for (Document pending : holder.getList(OUTBOX, Document.class, List.of())) {
            if (pending.getString("_id").equals(slot.getString("eventId"))) {
                return Long.valueOf(sequence).equals(pending.getLong(SEQUENCE)) ? pending : null;
            }
            Long earlier = pending.getLong(SEQUENCE);
            if (earlier == null || earlier >= sequence) {
                return null;
            }
            Document earlierSlot = at(tenant, earlier);
            Document earlierEvent = earlierSlot == null ? null : settle(tenant, earlierSlot);
            if (earlierEvent == null || earlierEvent == WAITING) {
                return earlierEvent;
            }
        }
        return null;
    }

    /** Voids the slot reserved for {@code eventId} at {@code sequence} unless it was filled; true if it is void. */
    boolean voidUnlessFilled(TenantId tenant, String eventId, long sequence) {
        Document stored = entries.find(Filters.eq("_id", slotId(eventId, sequence))).first();
        if (stored == null) {
            return true;
        }
        entries.updateOne(FlatFilters.and(Filters.eq("_id", stored.get("_id")),
                Filters.eq(STATE, SlotState.RESERVED.name())), Updates.set(STATE, SlotState.VOID.name()));
        return settle(tenant, entries.find(Filters.eq("_id", stored.get("_id"))).first()) == null;
    }

    /** Settles the slot reserved for {@code eventId} at {@code sequence}: filled, void, or still reserved (null). */
    SlotState fill(TenantId tenant, String eventId, long sequence) {
        Document stored = entries.find(Filters.eq("_id", slotId(eventId, sequence))).first();
        if (stored == null) {
            return SlotState.VOID;
        }
        Document event = settle(tenant, stored);
        return event == WAITING ? null : event == null ? SlotState.VOID : SlotState.FILLED;
    }
}
