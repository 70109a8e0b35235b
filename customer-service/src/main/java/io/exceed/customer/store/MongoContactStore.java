package io.exceed.customer.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import io.exceed.customer.domain.Channel;
import io.exceed.customer.domain.ContactGrant;
import io.exceed.customer.domain.ContactLogChain;
import io.exceed.customer.domain.ContactLogEntry;
import io.exceed.customer.domain.ContactStore;
import io.exceed.defaults.paging.Page;
import io.exceed.customer.domain.Purpose;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.storage.Times;

/**
 * Contact state per customer ("contact_states": recent grants, guarded by a version) and the tenant's
 * hash-chained log ("contact_log", with its head in "contact_log_heads"). Without transactions, a grant is
 * first recorded in the customer's state as not yet logged, then appended to the log; a grant left
 * unlogged by a crash is appended on the customer's next reservation. Log appends are idempotent per
 * reservation and sequences are unique per tenant, so a chain never forks.
 */
public class MongoContactStore implements ContactStore {

    /** Grants older than the longest possible budget period never count again. */
    private static final Duration GRANT_RETENTION = Duration.ofDays(366);
    private static final int MAX_APPEND_ATTEMPTS = 1000;
    /**
     * Sequences of a customer's latest log entries kept on its state: twice the most the 360 view shows (50), so
     * entries listed twice (a grant logged again after a crash) still leave enough.
     */
    static final int RECENT_LOGGED = 100;
    private static final String RECENT = "recentLogged";

    private final MongoCollection<Document> states;
    private final MongoCollection<Document> log;
    private final MongoCollection<Document> heads;

    public MongoContactStore(MongoDatabase database) {
        this.states = database.getCollection(CustomerCollections.CONTACT_STATES);
        this.log = database.getCollection(CustomerCollections.CONTACT_LOG);
        this.heads = database.getCollection(CustomerCollections.CONTACT_LOG_HEADS);
    }

    private static String stateId(TenantId tenant, String customerId) {
        return tenant.value() + "/" + customerId;
    }

    @Override
    public ContactState state(TenantId tenant, String customerId) {
        Document document = states.find(TenantScope.filter(tenant, Filters.eq("_id", stateId(tenant, customerId)))).first();
        if (document == null) {
            return new ContactState(0, List.of(), List.of(), true);
        }
        return new ContactState(document.getLong("version"), grants(document, "grants"), grants(document, "unlogged"),
                document.containsKey(RECENT));
    }

    @Override
    public boolean addGrant(TenantId tenant, String customerId, ContactState previous, ContactGrant grant) {
        Instant keepAfter = grant.grantTime().minus(GRANT_RETENTION);
        List<Document> grants = Stream.concat(
                previous.grants().stream().filter(g -> g.grantTime().isAfter(keepAfter)), Stream.of(grant))
                .map(MongoContactStore::toDocument).toList();
        List<Document> unlogged = Stream.concat(previous.unlogged().stream(), Stream.of(grant))
                .map(MongoContactStore::toDocument).toList();
        String id = stateId(tenant, customerId);
        try {
            if (previous.version() == 0) {
                states.insertOne(new Document("_id", id).append(TenantScope.TENANT_FIELD, tenant.value())
                        .append("customerId", customerId).append("version", 1L)
                        .append("grants", grants).append("unlogged", unlogged).append(RECENT, List.of()));
                return true;
            }
            return states.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id), Filters.eq("version", previous.version())),
                    Updates.combine(Updates.set("version", previous.version() + 1), Updates.set("grants", grants),
                            Updates.set("unlogged", unlogged))).getMatchedCount() == 1;
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A state from before it listed its latest entries gets them from the log first, once: the entry just appended
     * is among them, and an entry another reservation appends meanwhile is pushed by that reservation after this
     * set (or found by its search), so none is missed.
     */
    @Override
    public void markLogged(TenantId tenant, String customerId, ContactState state, ContactLogEntry entry) {
        String id = stateId(tenant, customerId);
        if (!state.recentLogKnown()) {
            List<Long> latest = new ArrayList<>();
            log.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId)))
                    .sort(Sorts.descending("sequence")).limit(RECENT_LOGGED)
                    .projection(Projections.include("sequence"))
                    .forEach(document -> latest.add(0, document.getLong("sequence")));
            states.updateOne(Filters.and(TenantScope.filter(tenant, Filters.eq("_id", id)),
                    Filters.exists(RECENT, false)), Updates.set(RECENT, latest));
        }
        states.updateOne(TenantScope.filter(tenant, Filters.eq("_id", id)), Updates.combine(
                Updates.pull("unlogged", new Document("reservationId", entry.grant().reservationId())),
                Updates.pushEach(RECENT, List.of(entry.sequence()),
                        new PushOptions().sort(1).slice(-RECENT_LOGGED))));
    }

    @Override
    public void deleteState(TenantId tenant, String customerId) {
        states.deleteOne(TenantScope.filter(tenant, Filters.eq("_id", stateId(tenant, customerId))));
    }

    @Override
    public ContactLogEntry appendToLog(TenantId tenant, ContactGrant grant) {
        for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
            Optional<ContactLogEntry> logged = logEntry(tenant, grant.reservationId());
            if (logged.isPresent()) {
                return logged.get();
            }
            Document head = heads.find(Filters.eq("_id", tenant.value())).first();
            long headSequence = head == null ? 0 : head.getLong("sequence");
            String headHash = head == null ? ContactLogChain.GENESIS_HASH : head.getString("hash");
            ContactLogEntry entry = ContactLogChain.append(headSequence, headHash, grant);
            try {
                log.insertOne(toDocument(tenant, entry));
                advanceHead(tenant, entry);
                return entry;
            } catch (MongoException e) {
                if (!DuplicateKey.is(e)) {
                    throw e;
                }
                // Another append took this sequence (or logged this grant): catch the head up and retry.
                Document next = log.find(TenantScope.filter(tenant, Filters.eq("sequence", headSequence + 1))).first();
                if (next != null) {
                    advanceHead(tenant, fromDocument(next));
                }
            }
        }
        throw new IllegalStateException("could not append to the contact log of tenant " + tenant
                + " after " + MAX_APPEND_ATTEMPTS + " attempts");
    }

    private void advanceHead(TenantId tenant, ContactLogEntry entry) {
        Document head = new Document("_id", tenant.value()).append(TenantScope.TENANT_FIELD, tenant.value())
                .append("sequence", entry.sequence()).append("hash", entry.hash());
        try {
            heads.replaceOne(Filters.and(Filters.eq("_id", tenant.value()), Filters.lt("sequence", entry.sequence())),
                    head, new ReplaceOptions().upsert(true));
        } catch (MongoException e) {
            // The head is already at or past this entry.
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    @Override
    public Optional<ContactLogEntry> logEntry(TenantId tenant, String reservationId) {
        return Optional.ofNullable(log.find(TenantScope.filter(tenant, Filters.eq("reservationId", reservationId))).first())
                .map(MongoContactStore::fromDocument);
    }

    @Override
    public Page<ContactLogEntry> log(TenantId tenant, Optional<String> customerId, Optional<String> after, int limit) {
        List<Bson> conditions = new ArrayList<>();
        customerId.ifPresent(id -> conditions.add(Filters.eq("customerId", id)));
        after.ifPresent(position -> conditions.add(Filters.gt("sequence", Long.parseLong(position))));
        List<ContactLogEntry> found = new ArrayList<>();
        log.find(TenantScope.filter(tenant, conditions.toArray(Bson[]::new)))
                .sort(Sorts.ascending("sequence"))
                .limit(limit + 1)
                .forEach(document -> found.add(fromDocument(document)));
        if (found.size() <= limit) {
            return new Page<>(found, Optional.empty());
        }
        return new Page<>(found.subList(0, limit), Optional.of(Long.toString(found.get(limit - 1).sequence())));
    }

    @Override
    public List<ContactLogEntry> logOf(TenantId tenant, String customerId) {
        List<ContactLogEntry> entries = new ArrayList<>();
        log.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId)))
                .sort(Sorts.ascending("sequence"))
                .forEach(document -> entries.add(fromDocument(document)));
        return entries;
    }

    /**
     * By the sequences the customer's state lists, each read by its key; the log is searched only for a state from
     * before those lists, or for more entries than a list holds.
     */
    @Override
    public List<ContactLogEntry> latestOf(TenantId tenant, String customerId, int limit) {
        Document state = states.find(TenantScope.filter(tenant, Filters.eq("_id", stateId(tenant, customerId))))
                .projection(Projections.include(RECENT)).first();
        if (state == null) {
            return List.of();
        }
        if (!state.containsKey(RECENT) || limit > RECENT_LOGGED / 2) {
            return searchLatest(tenant, customerId, limit);
        }
        List<ContactLogEntry> entries = new ArrayList<>();
        state.getList(RECENT, Long.class).stream().distinct().sorted(Comparator.reverseOrder()).limit(limit)
                .forEach(sequence -> {
                    Document found = log.find(TenantScope.filter(tenant, Filters.eq("sequence", sequence))).first();
                    if (found != null) {
                        entries.add(fromDocument(found));
                    }
                });
        return entries;
    }

    private List<ContactLogEntry> searchLatest(TenantId tenant, String customerId, int limit) {
        List<ContactLogEntry> entries = new ArrayList<>();
        log.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId)))
                .sort(Sorts.descending("sequence"))
                .limit(limit)
                .forEach(document -> entries.add(fromDocument(document)));
        return entries;
    }

    private static List<ContactGrant> grants(Document state, String field) {
        return state.getList(field, Document.class).stream().map(MongoContactStore::toGrant).toList();
    }

    private static Document toDocument(ContactGrant grant) {
        return new Document("reservationId", grant.reservationId())
                .append("requestId", grant.requestId())
                .append("customerId", grant.customerId())
                .append("channel", grant.channel().name())
                .append("purpose", grant.purpose().name())
                .append("actor", grant.actor())
                .append("consentBasis", grant.consentBasis())
                .append("grantTime", Times.toDate(grant.grantTime()));
    }

    private static ContactGrant toGrant(Document document) {
        return new ContactGrant(document.getString("reservationId"), document.getString("requestId"),
                document.getString("customerId"), Channel.valueOf(document.getString("channel")),
                Purpose.valueOf(document.getString("purpose")), document.getString("actor"),
                document.getString("consentBasis"), Times.toInstant(document.getDate("grantTime")));
    }

    private static Document toDocument(TenantId tenant, ContactLogEntry entry) {
        Document document = toDocument(entry.grant());
        document.remove("requestId");
        return document.append(TenantScope.TENANT_FIELD, tenant.value())
                .append("sequence", entry.sequence())
                .append("previousHash", entry.previousHash())
                .append("hash", entry.hash());
    }

    private static ContactLogEntry fromDocument(Document document) {
        return new ContactLogEntry(document.getLong("sequence"), toGrant(document), document.getString("previousHash"),
                document.getString("hash"));
    }
}
