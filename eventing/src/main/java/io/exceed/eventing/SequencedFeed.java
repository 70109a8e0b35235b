package io.exceed.eventing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.Document;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * A per-tenant event feed in MongoDB: each event document (its {@code _id} is the event id) gets the tenant's
 * next sequence number. Appending an event twice stores it once, at worst burning a number, which
 * {@link FeedReader} skips after a grace period; so any number of writers may append the same event.
 */
public class SequencedFeed<E> implements FeedSource<E> {

    static final String SEQUENCE = "sequence";
    static final String APPEND_TIME = "appendTime";

    private final MongoCollection<Document> feed;
    private final MongoCollection<Document> sequences;
    private final Function<Document, E> mapper;
    private final Clock clock;

    public SequencedFeed(MongoCollection<Document> feed, MongoCollection<Document> sequences,
            Function<Document, E> mapper, Clock clock) {
        this.feed = feed;
        this.sequences = sequences;
        this.mapper = mapper;
        this.clock = clock;
        feed.createIndex(Indexes.ascending(TenantScope.TENANT_FIELD, SEQUENCE), new IndexOptions().unique(true));
    }

    @Override
    public List<FeedEntry<E>> after(TenantId tenant, long afterSequence, int limit) {
        List<FeedEntry<E>> entries = new ArrayList<>();
        feed.find(TenantScope.filter(tenant, Filters.gt(SEQUENCE, afterSequence)))
                .sort(Sorts.ascending(SEQUENCE))
                .limit(limit)
                .forEach(document -> entries.add(new FeedEntry<>(document.getLong(SEQUENCE), mapper.apply(document),
                        appendTime(document))));
        return entries;
    }

    /** Every tenant with a feed, and the highest sequence handed out to it so far. */
    public Map<TenantId, Long> heads() {
        Map<TenantId, Long> heads = new LinkedHashMap<>();
        sequences.find().forEach(document -> heads.put(new TenantId(document.getString("_id")), document.getLong("last")));
        return heads;
    }

    /** Entries written before the append time was recorded count as settled long ago. */
    private static Instant appendTime(Document document) {
        Date time = document.getDate(APPEND_TIME);
        return time == null ? Instant.EPOCH : time.toInstant();
    }

    /**
     * Appends {@code event} (keyed by its {@code _id}) to the tenant's feed; false if it was already there. A
     * number another append took too (the embedded store's counter is not atomic across connections) is burned
     * and the append retried with the next.
     */
    public boolean append(String tenant, Document event) {
        while (true) {
            // find rather than countDocuments: the embedded store runs a count as a pipeline, which scans.
            if (feed.find(Filters.eq("_id", event.get("_id"))).projection(Projections.include("_id")).first() != null) {
                return false;
            }
            long sequence = sequences.findOneAndUpdate(Filters.eq("_id", tenant), Updates.inc("last", 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)).getLong("last");
            try {
                feed.insertOne(new Document(event).append(TenantScope.TENANT_FIELD, tenant)
                        .append(SEQUENCE, sequence).append(APPEND_TIME, Times.toDate(clock.instant())));
                return true;
            } catch (MongoException e) {
                if (!DuplicateKey.is(e)) {
                    throw e;
                }
            }
        }
    }
}
