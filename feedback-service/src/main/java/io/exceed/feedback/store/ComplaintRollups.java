package io.exceed.feedback.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;

/**
 * Per-day rollups of complaints in {@value FeedbackCollections#COMPLAINT_ROLLUPS}: per tenant and UTC day of receipt
 * up to {@value #SHARDS} shard documents with what the Pareto counts (schema in {@link FeedbackCollections}), so
 * it reads O(days) documents, by key, however many complaints there are. They hold no customer id, so erasure leaves
 * them as they are.
 * <p>
 * A complaint's figures change after it is received (resolved, closed, reopened, resolved again), so each complaint
 * records what its day's rollup counts for it ({@code rolledUp}, as of its revision {@code rolledUpRevision}) and
 * every write of it marks it pending. The fold ({@link ShardFolds}) adds the difference between the complaint as it
 * is and what is counted, naming the complaint, its revision, the revision counted before and the new counts as the
 * shard's last; settling that moves the complaint's record from the previous revision to the new one (conditional on
 * the previous, so a late settling of an older last changes nothing: revisions only grow) and clears the mark if
 * the complaint is still at that revision (a newer write keeps its own). Every fold of a complaint goes to the shard
 * of its id, so they are ordered by that shard's version and each reads what the one before it counted.
 */
public class ComplaintRollups {

    /** Resolved or closed: what the Pareto counts as resolved (a reopened complaint is not, until resolved again). */
    static final List<String> RESOLVED_STATES = List.of("RESOLVED", "CLOSED");

    /** What the rollup counts for the complaint: {@code complaints, resolved, prevented}, each 0 or 1. */
    static final String COUNTED = "rolledUp";
    /** The complaint's revision whose figures {@link #COUNTED} holds; {@value #NOTHING_COUNTED} before its first fold. */
    static final String COUNTED_REVISION = "rolledUpRevision";
    static final long NOTHING_COUNTED = -1;

    /**
     * Shard documents per day: complaint writers hold no shard (a complaint's shard is fixed by its id), so this only
     * spreads the day's folds; few, since each is read for every Pareto over its day.
     */
    static final int SHARDS = 4;

    /** The marker that the complaints stored before rollups were marked for the sweep. */
    private static final String MARKED_EXISTING = "marked-existing-complaints";
    private static final String EARLIEST = "earliest";
    private static final String LATEST = "latest";
    private static final String DAY = "day";
    private static final String CATEGORIES = "categories";
    private static final String COMPLAINTS = "complaints";
    private static final String RESOLVED = "resolved";
    private static final String PREVENTED = "prevented";
    private static final String FIRST = "first";
    private static final String REVISION = "revision";
    private static final String CREATE_TIME = "createTime";

    private final MongoCollection<Document> rollups;
    private final MongoCollection<Document> complaints;
    private final ShardFolds folds;

    public ComplaintRollups(MongoDatabase database) {
        this.rollups = database.getCollection(FeedbackCollections.COMPLAINT_ROLLUPS);
        this.complaints = database.getCollection(FeedbackCollections.COMPLAINTS);
        this.folds = new ShardFolds(rollups, this::settle);
    }

    /** The fields a complaint is stored with so that its first write is folded. */
    static Document pending(Document complaint) {
        return complaint.append(ShardFolds.MARK, ShardFolds.PENDING).append(COUNTED_REVISION, NOTHING_COUNTED);
    }

    /** The change a write of a complaint makes with it, so that the write is folded. */
    static Bson markPending() {
        return Updates.set(ShardFolds.MARK, ShardFolds.PENDING);
    }

    /**
     * Marks every complaint stored before rollups existed for the sweep, once (a marker says so): each then counts as
     * a complaint with nothing counted yet. Runs at start.
     */
    static void markExisting(MongoDatabase database) {
        MongoCollection<Document> rollups = database.getCollection(FeedbackCollections.COMPLAINT_ROLLUPS);
        if (rollups.find(Filters.eq("_id", MARKED_EXISTING)).first() != null) {
            return;
        }
        database.getCollection(FeedbackCollections.COMPLAINTS).updateMany(Filters.exists(COUNTED_REVISION, false),
                Updates.combine(Updates.set(ShardFolds.MARK, ShardFolds.PENDING),
                        Updates.set(COUNTED_REVISION, NOTHING_COUNTED)));
        try {
            rollups.insertOne(new Document("_id", MARKED_EXISTING).append("markTime", Times.toDate(Instant.now())));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
        }
    }

    /** Folds the complaint's latest write into the rollup of the day it was received. */
    public void fold(TenantId tenant, String complaintId, Instant received) {
        fold(tenant.value(), complaintId, Times.toDate(received));
    }

    private void fold(String tenant, String complaintId, Date received) {
        LocalDate day = LocalDate.ofInstant(received.toInstant(), ZoneOffset.UTC);
        String shardId = shardId(tenant, day, Math.floorMod(complaintId.hashCode(), SHARDS));
        folds.fold(tenant, shardId, () -> new Document("_id", shardId).append(TenantScope.TENANT_FIELD, tenant)
                .append(DAY, MongoRollups.midnight(day)).append(ShardFolds.VERSION, 0L),
                () -> change(tenant, complaintId));
    }

    /**
     * What the complaint's pending write changes in its rollup, read afresh: its figures now less those counted, or
     * null when nothing is pending.
     */
    private ShardFolds.Change change(String tenant, String complaintId) {
        Document complaint = complaints.find(ofComplaint(tenant, complaintId)).projection(Projections.include(
                ShardFolds.MARK, REVISION, COUNTED, COUNTED_REVISION, "state", "resolution", "category", "categoryKey",
                CREATE_TIME)).first();
        if (complaint == null || !ShardFolds.PENDING.equals(complaint.get(ShardFolds.MARK))
                || complaint.get(COUNTED_REVISION) == null) {
            return null; // a complaint written around the service has no record of what is counted: rebuild
        }
        long revision = number(complaint, REVISION);
        long counted = number(complaint, COUNTED_REVISION);
        if (counted == revision) {
            clearMark(tenant, complaintId, revision);
            return null;
        }
        Counts now = Counts.of(complaint);
        Counts before = Counts.counted(complaint.get(COUNTED, Document.class));
        String category = CATEGORIES + "." + ComplaintTotals.categoryField(complaint.getString("categoryKey"));
        Date received = complaint.getDate(CREATE_TIME);
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.inc(COMPLAINTS, now.complaints - before.complaints),
                Updates.inc(category + ".n", now.complaints - before.complaints),
                Updates.min(category + "." + FIRST, ComplaintTotals.first(complaintId, complaint.getString("category"))),
                Updates.inc(RESOLVED, now.resolved - before.resolved),
                Updates.inc(PREVENTED, now.prevented - before.prevented),
                Updates.min(EARLIEST, received), Updates.max(LATEST, received)));
        return new ShardFolds.Change(updates, new Document("complaint", complaintId).append(REVISION, revision)
                .append("previous", counted).append(COUNTED, now.document()));
    }

    /** Records the shard's last as counted at its complaint, and clears the mark unless a newer write set it. */
    private void settle(String tenant, Object last) {
        Document change = (Document) last;
        String complaintId = change.getString("complaint");
        long revision = number(change, REVISION);
        // Exactly the fields of an exact-key index, so the embedded store looks the complaint up.
        complaints.updateOne(new Document(TenantScope.TENANT_FIELD, tenant).append("_id", complaintId)
                .append(COUNTED_REVISION, number(change, "previous")), Updates.combine(
                        Updates.set(COUNTED, change.get(COUNTED)), Updates.set(COUNTED_REVISION, revision)));
        clearMark(tenant, complaintId, revision);
    }

    private void clearMark(String tenant, String complaintId, long revision) {
        complaints.updateOne(new Document(TenantScope.TENANT_FIELD, tenant).append("_id", complaintId)
                .append(REVISION, revision), Updates.unset(ShardFolds.MARK));
    }

    /** Folds up to {@code batch} complaints whose latest write a crash or a store failure left unfolded. */
    public int foldPending(int batch) {
        int folded = 0;
        for (Document complaint : complaints.find(Filters.eq(ShardFolds.MARK, ShardFolds.PENDING))
                .projection(Projections.include(TenantScope.TENANT_FIELD, CREATE_TIME)).limit(batch)) {
            fold(complaint.getString(TenantScope.TENANT_FIELD), complaint.getString("_id"),
                    complaint.getDate(CREATE_TIME));
            folded++;
        }
        return folded;
    }

    /**
     * Recomputes the tenant's complaint rollups from its complaints, and what each complaint records as counted.
     * Complaints written while it runs may be missed: run it when none are, or again. Returns how many it folded.
     */
    public long rebuild(TenantId tenant) {
        Map<String, Document> days = new LinkedHashMap<>();
        List<Document> counted = new ArrayList<>();
        for (Document complaint : complaints.find(TenantScope.filter(tenant)).projection(Projections.include(
                REVISION, "state", "resolution", "category", "categoryKey", CREATE_TIME))) {
            Counts counts = Counts.of(complaint);
            Date received = complaint.getDate(CREATE_TIME);
            LocalDate date = LocalDate.ofInstant(received.toInstant(), ZoneOffset.UTC);
            Document day = days.computeIfAbsent(shardId(tenant.value(), date, 0), id -> new Document("_id", id)
                    .append(TenantScope.TENANT_FIELD, tenant.value()).append(DAY, MongoRollups.midnight(date))
                    .append(ShardFolds.VERSION, 0L).append(EARLIEST, received).append(LATEST, received)
                    .append(COMPLAINTS, 0L).append(RESOLVED, 0L).append(PREVENTED, 0L)
                    .append(CATEGORIES, new Document()));
            if (received.before(day.getDate(EARLIEST))) {
                day.put(EARLIEST, received);
            }
            if (received.after(day.getDate(LATEST))) {
                day.put(LATEST, received);
            }
            day.put(COMPLAINTS, day.getLong(COMPLAINTS) + counts.complaints);
            day.put(RESOLVED, day.getLong(RESOLVED) + counts.resolved);
            day.put(PREVENTED, day.getLong(PREVENTED) + counts.prevented);
            String first = ComplaintTotals.first(complaint.getString("_id"), complaint.getString("category"));
            Document category = (Document) day.get(CATEGORIES, Document.class).computeIfAbsent(
                    ComplaintTotals.categoryField(complaint.getString("categoryKey")),
                    field -> new Document("n", 0L).append(FIRST, first));
            category.put("n", category.getLong("n") + 1);
            if (first.compareTo(category.getString(FIRST)) < 0) {
                category.put(FIRST, first);
            }
            counted.add(new Document("_id", complaint.getString("_id")).append(REVISION, number(complaint, REVISION))
                    .append(COUNTED, counts.document()));
        }
        rollups.deleteMany(Filters.eq(TenantScope.TENANT_FIELD, tenant.value()));
        if (!days.isEmpty()) {
            rollups.insertMany(List.copyOf(days.values()));
        }
        for (Document complaint : counted) {
            complaints.updateOne(ofComplaint(tenant.value(), complaint.getString("_id")), Updates.combine(
                    Updates.set(COUNTED, complaint.get(COUNTED)),
                    Updates.set(COUNTED_REVISION, complaint.get(REVISION)), Updates.unset(ShardFolds.MARK)));
        }
        return counted.size();
    }

    /** Every tenant that has complaints. */
    public List<TenantId> tenants() {
        return complaints.distinct(TenantScope.TENANT_FIELD, String.class).map(TenantId::new)
                .into(new ArrayList<>());
    }

    /**
     * The rollups of the days from {@code first} to {@code last} (inclusive) that have complaints, in day order. Reads
     * every shard of every day by its id, so the embedded store looks them up.
     */
    List<Day> days(TenantId tenant, LocalDate first, LocalDate last) {
        List<String> ids = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (int shard = 0; shard < SHARDS; shard++) {
                ids.add(shardId(tenant.value(), day, shard));
            }
        }
        Map<LocalDate, Day> days = new TreeMap<>();
        for (Document shard : rollups.find(Filters.in("_id", ids)).projection(Projections.exclude(ShardFolds.LAST))) {
            if (shard.getDate(EARLIEST) == null) {
                continue; // created by a fold that has not added its complaint yet
            }
            LocalDate date = LocalDate.ofInstant(Times.toInstant(shard.getDate(DAY)), ZoneOffset.UTC);
            days.computeIfAbsent(date, Day::new).add(shard);
        }
        return List.copyOf(days.values());
    }

    /** One day's complaint rollups: when its complaints were received, and their totals. */
    static final class Day {

        private final LocalDate date;
        private Instant earliest;
        private Instant latest;
        private final ComplaintTotals totals = new ComplaintTotals();

        Day(LocalDate date) {
            this.date = date;
        }

        LocalDate date() {
            return date;
        }

        Instant earliest() {
            return earliest;
        }

        Instant latest() {
            return latest;
        }

        ComplaintTotals totals() {
            return totals;
        }

        private void add(Document shard) {
            Instant first = Times.toInstant(shard.getDate(EARLIEST));
            Instant last = Times.toInstant(shard.getDate(LATEST));
            earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
            latest = latest == null || last.isAfter(latest) ? last : latest;
            shard.get(CATEGORIES, new Document()).forEach((field, value) -> {
                Document category = (Document) value;
                totals.addCategory(field, number(category, "n"), category.getString(FIRST));
            });
            totals.addResolutions(number(shard, RESOLVED), number(shard, PREVENTED));
        }
    }

    /** A complaint's figures in the Pareto, each 0 or 1. */
    private record Counts(long complaints, long resolved, long prevented) {

        private static final Counts NOTHING = new Counts(0, 0, 0);

        /** As the raw computation counts the complaint ({@link MongoAnalyticsStore#complaintTotals}). */
        static Counts of(Document complaint) {
            boolean resolved = RESOLVED_STATES.contains(complaint.getString("state"));
            Document resolution = complaint.get("resolution", Document.class);
            boolean prevented = resolved && resolution != null && resolution.get("preventionAction") instanceof String;
            return new Counts(1, resolved ? 1 : 0, prevented ? 1 : 0);
        }

        /** What a complaint records as counted ({@link #COUNTED}); nothing before its first fold. */
        static Counts counted(Document counted) {
            return counted == null ? NOTHING : new Counts(number(counted, COMPLAINTS), number(counted, RESOLVED),
                    number(counted, PREVENTED));
        }

        Document document() {
            return new Document(COMPLAINTS, complaints).append(RESOLVED, resolved).append(PREVENTED, prevented);
        }
    }

    private static String shardId(String tenant, LocalDate day, int shard) {
        return tenant + ":" + day + ":" + shard;
    }

    /** Exactly the fields of the complaints' exact-key index, so the embedded store looks it up. */
    private static Bson ofComplaint(String tenant, String complaintId) {
        return new Document(TenantScope.TENANT_FIELD, tenant).append("_id", complaintId);
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
