package io.exceed.feedback.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.analytics.DriverAnalysis;
import io.exceed.feedback.domain.analytics.ResponseQuery;
import io.exceed.feedback.domain.analytics.Tally;

/**
 * Per-day rollups of responses in {@value FeedbackCollections#RESPONSE_ROLLUPS}: per tenant, UTC day, survey and
 * segment up to {@value #SHARDS} shard documents with the counts and sums every score and the driver analysis need
 * (schema in {@link FeedbackCollections}), so analytics read O(days) documents however many responses there are.
 * They hold no customer id, so erasure leaves them as they are. Beside them, {@value FeedbackCollections#RECOVERY_ROLLUPS}
 * keeps per tenant, day and customer (under a one-way key, {@link #customerField}) what the rescue rate needs.
 * <p>
 * Each response is folded in exactly once by {@link ShardFolds}: it is stored marked {@code rollup: "pending"} with
 * the shard it goes to, the shard names the response it took last, and settling a response clears its mark.
 * <p>
 * Why shards, and why a writer skips both reads: a compare-and-set fails whenever any other response reached the
 * same document between the read and the write, so concurrent answers to one survey on one day would mostly retry.
 * Each writer therefore takes a shard no other writer of this replica holds ({@link #prepare}), and knows the shard's
 * version from its own last write, read before the response was stored: no fold of a response can precede its
 * storing, so if the version is still the same at the write, nothing folded this response meanwhile and it is not
 * in the list. Only a version moved by another replica or the sweep sends it through the reads.
 */
public class MongoRollups {

    /** The shard of its rollup a response is folded into. */
    static final String SHARD = "rollupShard";

    /**
     * Shard documents per rollup at most: as many as writers on one replica fold into one survey's day at once
     * without waiting on each other (more take a shard at random and may retry). A quiet day uses one.
     */
    static final int SHARDS = 16;

    private static final String EARLIEST = "earliest";
    private static final String LATEST = "latest";
    private static final String DAY = "day";
    private static final String CUSTOMER = "customer";
    private static final String FIRST_DETRACTOR = "firstDetractor";
    private static final String LAST_GOOD = "lastGood";
    private static final int INSERT_BATCH = 1_000;
    /**
     * How long a rebuild may take to read a tenant's responses, one cursor over all of them: the embedded store
     * prepares a query's whole answer before its first batch, which for 1 000 000 responses outlasts the store
     * timeout every other call has.
     */
    private static final Duration REBUILD_READ_TIMEOUT = Duration.ofMinutes(30);

    /** NPS answers up to this are detractors'. */
    private static final int DETRACTOR_MAX = 6;

    private final MongoCollection<Document> rollups;
    private final MongoCollection<Document> recoveries;
    private final MongoCollection<Document> responses;
    private final ShardFolds folds;
    /** Shards no writer of this replica holds, the most recently freed on top, so a quiet day keeps to one. */
    private final Deque<Integer> freeShards = new ArrayDeque<>();
    /** Each shard document's version as this replica last read or wrote it. */
    private final Cache<String, Long> versions = Caffeine.newBuilder().maximumSize(10_000).build();

    public MongoRollups(MongoDatabase database) {
        this.rollups = database.getCollection(FeedbackCollections.RESPONSE_ROLLUPS);
        this.recoveries = database.getCollection(FeedbackCollections.RECOVERY_ROLLUPS);
        this.responses = database.getCollection(FeedbackCollections.RESPONSES);
        this.folds = new ShardFolds(rollups, this::clearMark);
        for (int shard = SHARDS - 1; shard >= 0; shard--) {
            freeShards.push(shard);
        }
    }

    /**
     * Called by the writer before it stores {@code response}: takes a shard for it (recorded in the document) and the
     * shard's version as known now. Fold it with {@link #fold(Prepared)} once stored, and {@link #release} it in any
     * case.
     */
    public Prepared prepare(Document response) {
        Integer taken;
        synchronized (freeShards) {
            taken = freeShards.poll();
        }
        int shard = taken != null ? taken : ThreadLocalRandom.current().nextInt(SHARDS);
        response.put(SHARD, shard);
        String id = Contribution.of(response).shardId(shard);
        return new Prepared(response, taken, versions.getIfPresent(id));
    }

    /** A response about to be stored, with its shard and that shard's version read before the store. */
    public static final class Prepared {

        private final Document response;
        private final Integer heldShard;
        private final Long versionBefore;

        private Prepared(Document response, Integer heldShard, Long versionBefore) {
            this.response = response;
            this.heldShard = heldShard;
            this.versionBefore = versionBefore;
        }
    }

    /** Folds a response the writer has stored. */
    public void fold(Prepared prepared) {
        Document response = prepared.response;
        Contribution contribution = Contribution.of(response);
        int shard = response.getInteger(SHARD);
        foldRecovery(response);
        String shardId = contribution.shardId(shard);
        if (prepared.versionBefore != null && folds.add(contribution.tenant(), shardId, prepared.versionBefore,
                contribution.change(response.get("_id")))) {
            versions.put(shardId, prepared.versionBefore + 1);
        } else {
            foldChecked(response, contribution, shard);
        }
    }

    /** Frees the shard the writer held, once its response is folded or failed to be stored. */
    public void release(Prepared prepared) {
        if (prepared.heldShard != null) {
            synchronized (freeShards) {
                freeShards.push(prepared.heldShard);
            }
        }
    }

    /**
     * Folds a stored response (as its document, with its tenant and shard) into its rollup, unless it already is:
     * for a response found marked, or submitted again.
     */
    public void fold(Document response) {
        foldRecovery(response);
        foldChecked(response, Contribution.of(response), shardOf(response));
    }

    /** The version this replica keeps is one whose last response's mark is cleared: the fold settled it. */
    private void foldChecked(Document response, Contribution contribution, int shard) {
        Object responseId = response.get("_id");
        String shardId = contribution.shardId(shard);
        OptionalLong version = folds.fold(contribution.tenant(), shardId, () -> contribution.empty(shardId), () -> {
            Document mark = responses.find(ofResponse(contribution.tenant(), responseId))
                    .projection(Projections.include(ShardFolds.MARK)).first();
            return mark != null && ShardFolds.PENDING.equals(mark.get(ShardFolds.MARK))
                    ? contribution.change(responseId) : null;
        });
        if (version.isPresent()) {
            versions.put(shardId, version.getAsLong());
        } else {
            versions.invalidate(shardId);
        }
    }

    private void clearMark(String tenant, Object responseId) {
        responses.updateOne(ofResponse(tenant, responseId), Updates.unset(ShardFolds.MARK));
    }

    /** Exactly the fields of the responses' exact-key index, so the embedded store looks it up. */
    private static Bson ofResponse(String tenant, Object responseId) {
        return new Document(TenantScope.TENANT_FIELD, tenant).append("_id", responseId);
    }

    /** Responses stored before rollups had shards (or written around the service without one) go to shard 0. */
    private static int shardOf(Document response) {
        Integer shard = response.getInteger(SHARD);
        return shard == null ? 0 : shard;
    }

    /**
     * The customer's first detractor answer and last answer of 7 or more that day, in the customer's own document
     * of the day, kept with {@code $min} and {@code $max}: folding the same answer again changes nothing, so this
     * needs no guard, and answers of different customers never meet in one document.
     */
    private void foldRecovery(Document response) {
        RecoveryAnswer answer = RecoveryAnswer.of(response);
        if (answer != null) {
            upsert(recoveries, Filters.eq("_id", answer.id()), answer.change());
        }
    }

    /** One NPS answer as the rescue rate needs it: whose, which day, when, and whether a detractor's. */
    private record RecoveryAnswer(String tenant, Date day, String customer, Date at, boolean detractor) {

        /** Null for a response without an NPS answer. */
        static RecoveryAnswer of(Document response) {
            Integer nps = response.getInteger("nps");
            if (nps == null) {
                return null;
            }
            String tenant = response.getString(TenantScope.TENANT_FIELD);
            Date submitted = response.getDate("submitTime");
            return new RecoveryAnswer(tenant, midnight(LocalDate.ofInstant(submitted.toInstant(), ZoneOffset.UTC)),
                    customerField(tenant, response.getString("customerId")), submitted, nps <= DETRACTOR_MAX);
        }

        String id() {
            return recoveryId(tenant, day, customer);
        }

        Bson change() {
            return Updates.combine(Updates.setOnInsert(TenantScope.TENANT_FIELD, tenant),
                    Updates.setOnInsert(DAY, day), Updates.setOnInsert(CUSTOMER, customer),
                    Updates.min(EARLIEST, at), Updates.max(LATEST, at),
                    detractor ? Updates.min(FIRST_DETRACTOR, at) : Updates.max(LAST_GOOD, at));
        }

        /** Adds the answer to the customer's day as a rebuild builds it in memory. */
        void addTo(Map<String, Document> days) {
            Document day = days.computeIfAbsent(id(), id -> new Document("_id", id)
                    .append(TenantScope.TENANT_FIELD, tenant).append(DAY, this.day).append(CUSTOMER, customer));
            earliest(day, EARLIEST, at);
            latest(day, LATEST, at);
            if (detractor) {
                earliest(day, FIRST_DETRACTOR, at);
            } else {
                latest(day, LAST_GOOD, at);
            }
        }

        private static void earliest(Document document, String field, Date at) {
            Date current = document.getDate(field);
            document.put(field, current == null || at.before(current) ? at : current);
        }

        private static void latest(Document document, String field, Date at) {
            Date current = document.getDate(field);
            document.put(field, current == null || at.after(current) ? at : current);
        }
    }

    private static String recoveryId(String tenant, Date day, String customer) {
        return tenant + ":" + LocalDate.ofInstant(day.toInstant(), ZoneOffset.UTC) + ":" + customer;
    }

    /** An upsert that a racing upsert of the same new document may beat to the insert; then it is an update. */
    private static void upsert(MongoCollection<Document> collection, Bson id, Bson change) {
        try {
            collection.updateOne(id, change, new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            collection.updateOne(id, change);
        }
    }

    /**
     * Moves an erased customer's answer times to the pseudonym's key, so the rescue rate stays the same and the
     * erased id's key leads nowhere: each day's document is merged into the pseudonym's, then removed. Run again
     * after a failure, it finishes the move.
     */
    public void moveRecoveryAnswers(TenantId tenant, String customerId, String pseudonym) {
        String from = customerField(tenant.value(), customerId);
        String to = customerField(tenant.value(), pseudonym);
        for (Document day : recoveries.find(TenantScope.filter(tenant, Filters.eq(CUSTOMER, from)))) {
            List<Bson> changes = new ArrayList<>(List.of(Updates.setOnInsert(TenantScope.TENANT_FIELD, tenant.value()),
                    Updates.setOnInsert(DAY, day.getDate(DAY)), Updates.setOnInsert(CUSTOMER, to),
                    Updates.min(EARLIEST, day.getDate(EARLIEST)), Updates.max(LATEST, day.getDate(LATEST))));
            if (day.getDate(FIRST_DETRACTOR) != null) {
                changes.add(Updates.min(FIRST_DETRACTOR, day.getDate(FIRST_DETRACTOR)));
            }
            if (day.getDate(LAST_GOOD) != null) {
                changes.add(Updates.max(LAST_GOOD, day.getDate(LAST_GOOD)));
            }
            upsert(recoveries, Filters.eq("_id", recoveryId(tenant.value(), day.getDate(DAY), to)),
                    Updates.combine(changes));
            recoveries.deleteOne(Filters.eq("_id", day.get("_id")));
        }
    }

    /**
     * A customer as the rescue rate's rollups know them: a one-way key of the tenant and the customer id, so they
     * hold no customer id (and no dot, which a field name may not hold).
     */
    public static String customerField(String tenant, String customerId) {
        return sha256(tenant + ":" + customerId).substring(0, 32);
    }

    /**
     * For the rescue rate: the days from {@code first} to {@code last} (inclusive) that have NPS answers, each with
     * its earliest and latest answer and per customer (by {@link #customerField}) the first detractor answer and
     * last answer of 7 or more. Reads a document per customer and day with answers.
     */
    public List<RecoveryDay> recoveryDays(TenantId tenant, LocalDate first, LocalDate last) {
        Map<LocalDate, RecoveryDay> days = new TreeMap<>();
        for (Document answers : recoveries.find(TenantScope.filter(tenant, Filters.gte(DAY, midnight(first)),
                Filters.lte(DAY, midnight(last))))) {
            LocalDate date = LocalDate.ofInstant(Times.toInstant(answers.getDate(DAY)), ZoneOffset.UTC);
            Instant earliest = Times.toInstant(answers.getDate(EARLIEST));
            Instant latest = Times.toInstant(answers.getDate(LATEST));
            RecoveryDay day = days.merge(date, new RecoveryDay(date, earliest, latest, new HashMap<>(),
                    new HashMap<>()), (known, added) -> new RecoveryDay(date,
                            known.earliest().isBefore(added.earliest()) ? known.earliest() : added.earliest(),
                            known.latest().isAfter(added.latest()) ? known.latest() : added.latest(),
                            known.firstDetractors(), known.lastGood()));
            String customer = answers.getString(CUSTOMER);
            if (answers.getDate(FIRST_DETRACTOR) != null) {
                day.firstDetractors().put(customer, Times.toInstant(answers.getDate(FIRST_DETRACTOR)));
            }
            if (answers.getDate(LAST_GOOD) != null) {
                day.lastGood().put(customer, Times.toInstant(answers.getDate(LAST_GOOD)));
            }
        }
        return List.copyOf(days.values());
    }

    /** One day's NPS answers as the rescue rate needs them. */
    public record RecoveryDay(LocalDate date, Instant earliest, Instant latest, Map<String, Instant> firstDetractors,
            Map<String, Instant> lastGood) {
    }

    /** Folds up to {@code batch} responses still marked (their writer crashed or failed to fold); returns how many. */
    public int foldPending(int batch) {
        int folded = 0;
        for (Document response : responses.find(Filters.eq(ShardFolds.MARK, ShardFolds.PENDING)).limit(batch)) {
            fold(response);
            folded++;
        }
        return folded;
    }

    /**
     * Recomputes the tenant's rollups (and the customers' answer times of its rescue rate) from its responses, for
     * rollups lost or suspect, or responses written around the service. Responses recorded while it runs may be
     * missed: run it when none are being submitted, or again.
     * Returns how many responses it folded.
     */
    public long rebuild(TenantId tenant) {
        Map<String, Contribution> sums = new LinkedHashMap<>();
        long count = 0;
        Map<String, Document> recoveryDays = new LinkedHashMap<>();
        for (Document response : responses.withTimeout(REBUILD_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .find(TenantScope.filter(tenant)).projection(Projections.include(
                TenantScope.TENANT_FIELD, "surveyId", "customerId", "segment", "nps", "csat", "ces", "gaps",
                "submitTime"))) {
            Contribution contribution = Contribution.of(response);
            sums.merge(contribution.id(), contribution, Contribution::plus);
            RecoveryAnswer answer = RecoveryAnswer.of(response);
            if (answer != null) {
                answer.addTo(recoveryDays);
            }
            count++;
        }
        rollups.deleteMany(Filters.eq(TenantScope.TENANT_FIELD, tenant.value()));
        insert(rollups, sums.values().stream().map(Contribution::document).toList());
        versions.invalidateAll();
        recoveries.deleteMany(Filters.eq(TenantScope.TENANT_FIELD, tenant.value()));
        insert(recoveries, List.copyOf(recoveryDays.values()));
        responses.updateMany(TenantScope.filter(tenant, Filters.eq(ShardFolds.MARK, ShardFolds.PENDING)),
                Updates.unset(ShardFolds.MARK));
        return count;
    }

    private static void insert(MongoCollection<Document> collection, List<Document> documents) {
        for (int from = 0; from < documents.size(); from += INSERT_BATCH) {
            collection.insertMany(documents.subList(from, Math.min(documents.size(), from + INSERT_BATCH)));
        }
    }

    /** Every tenant that has responses. */
    public List<TenantId> tenants() {
        return responses.distinct(TenantScope.TENANT_FIELD, String.class).map(TenantId::new).into(new ArrayList<>());
    }

    /**
     * The rollups of the days from {@code first} to {@code last} (inclusive) of the query's survey and segment,
     * one summary per day that has any, in day order.
     */
    public List<Day> days(TenantId tenant, ResponseQuery query, LocalDate first, LocalDate last) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.gte("day", midnight(first)));
        conditions.add(Filters.lte("day", midnight(last)));
        if (query.surveyId() != null && !query.surveyId().isEmpty()) {
            conditions.add(Filters.eq("surveyId", query.surveyId()));
        }
        query.segment().forEach((key, value) -> conditions.add(Filters.eq("segment." + key, value)));
        Map<LocalDate, Day> days = new TreeMap<>();
        for (Document rollup : rollups.find(TenantScope.filter(tenant, conditions.toArray(Bson[]::new)))
                .projection(Projections.exclude(ShardFolds.LAST))) {
            LocalDate date = LocalDate.ofInstant(Times.toInstant(rollup.getDate("day")), ZoneOffset.UTC);
            days.computeIfAbsent(date, Day::new).add(rollup, query);
        }
        return List.copyOf(days.values());
    }

    /** One day's rollups of a query: when its responses were submitted, their tally and their driver sums. */
    public static final class Day {

        private final LocalDate date;
        private Instant earliest;
        private Instant latest;
        private final Tally tally = new Tally();
        private final Map<Dimension, long[]> drivers = new EnumMap<>(Dimension.class);

        Day(LocalDate date) {
            this.date = date;
        }

        public LocalDate date() {
            return date;
        }

        public Instant earliest() {
            return earliest;
        }

        public Instant latest() {
            return latest;
        }

        public Tally tally() {
            return tally;
        }

        /** Per dimension: n, Σx, Σy, Σx², Σy², Σxy. */
        public Map<Dimension, long[]> drivers() {
            return drivers;
        }

        private void add(Document rollup, ResponseQuery query) {
            Instant first = Times.toInstant(rollup.getDate(EARLIEST));
            Instant last = Times.toInstant(rollup.getDate(LATEST));
            if (first == null) {
                return; // created by a fold that has not added its response yet
            }
            earliest = earliest == null || first.isBefore(earliest) ? first : earliest;
            latest = latest == null || last.isAfter(latest) ? last : latest;
            tally.addResponses(number(rollup, "responses"));
            scores(rollup, "nps").forEach(tally::addNps);
            scores(rollup, "csat").forEach(tally::addCsat);
            scores(rollup, "ces").forEach(tally::addCes);
            rollup.get("gaps", new Document()).forEach((name, value) -> {
                Dimension dimension = Dimension.valueOf(name);
                if (query.dimensions().isEmpty() || query.dimensions().contains(dimension)) {
                    Document gap = (Document) value;
                    tally.addGaps(dimension, number(gap, "n"), number(gap, "perceived"), number(gap, "expected"),
                            number(gap, "gap"), number(gap, "exceeded"));
                }
            });
            rollup.get("drivers", new Document()).forEach((name, value) -> {
                Dimension dimension = Dimension.valueOf(name);
                if (query.dimensions().isEmpty() || query.dimensions().contains(dimension)) {
                    Document sums = (Document) value;
                    long[] into = drivers.computeIfAbsent(dimension, d -> new long[6]);
                    int i = 0;
                    for (String field : DRIVER_FIELDS) {
                        into[i++] += number(sums, field);
                    }
                }
            });
        }

        private static Map<Integer, Long> scores(Document rollup, String field) {
            Map<Integer, Long> counts = new TreeMap<>();
            rollup.get(field, new Document()).forEach((value, count) ->
                    counts.put(Integer.parseInt(value.substring(1)), ((Number) count).longValue()));
            return counts;
        }
    }

    /** The fields of a driver's sums, in the order {@link Day#drivers()} holds them. */
    static final List<String> DRIVER_FIELDS = List.of("n", "x", "y", "xx", "yy", "xy");

    /** Driver sums as the domain takes them. */
    public static DriverAnalysis.Sums sums(Dimension dimension, long[] sums) {
        return new DriverAnalysis.Sums(dimension, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5]);
    }

    /**
     * What one or more responses of the same tenant, day, survey and segment add to their rollup: counts per score
     * value (as the raw aggregation groups them), per-dimension gap sums, and for responses with an NPS answer the
     * driver sums of each gap against it.
     */
    private record Contribution(String id, String tenant, Date day, String surveyId, Document segment,
            Map<String, Long> sums, Date earliest, Date latest) {

        static Contribution of(Document response) {
            String tenant = response.getString(TenantScope.TENANT_FIELD);
            Date submitted = response.getDate("submitTime");
            LocalDate day = LocalDate.ofInstant(submitted.toInstant(), ZoneOffset.UTC);
            String surveyId = response.getString("surveyId");
            Document segment = new Document(new TreeMap<>(response.get("segment", new Document())));
            Map<String, Long> sums = new TreeMap<>();
            sums.put("responses", 1L);
            Integer nps = response.getInteger("nps");
            for (String field : List.of("nps", "csat", "ces")) {
                Integer score = response.getInteger(field);
                if (score != null) {
                    sums.put(field + ".s" + score, 1L);
                }
            }
            for (Document gap : response.getList("gaps", Document.class, List.of())) {
                String dimension = gap.getString("dimension");
                long value = gap.getInteger("gap");
                add(sums, "gaps." + dimension + ".n", 1);
                add(sums, "gaps." + dimension + ".perceived", gap.getInteger("perceived"));
                add(sums, "gaps." + dimension + ".expected", gap.getInteger("expected"));
                add(sums, "gaps." + dimension + ".gap", value);
                add(sums, "gaps." + dimension + ".exceeded", value > 0 ? 1 : 0);
                if (nps != null) {
                    long[] driver = {1, value, nps, value * value, (long) nps * nps, value * nps};
                    for (int i = 0; i < driver.length; i++) {
                        add(sums, "drivers." + dimension + "." + DRIVER_FIELDS.get(i), driver[i]);
                    }
                }
            }
            return new Contribution(tenant + ":" + day + ":" + key(surveyId, segment), tenant, midnight(day),
                    surveyId, segment, sums, submitted, submitted);
        }

        /** Survey and segment in one fixed-length key; the segment's keys sorted so equal segments match. */
        private static String key(String surveyId, Document segment) {
            StringBuilder text = new StringBuilder().append(surveyId.length()).append(':').append(surveyId);
            segment.forEach((key, value) -> text.append(key.length()).append(':').append(key)
                    .append(value.toString().length()).append(':').append(value));
            return sha256(text.toString());
        }

        private static void add(Map<String, Long> sums, String field, long value) {
            sums.merge(field, value, Long::sum);
        }

        Contribution plus(Contribution other) {
            Map<String, Long> both = new TreeMap<>(sums);
            other.sums.forEach((field, value) -> add(both, field, value));
            return new Contribution(id, tenant, day, surveyId, segment, both,
                    earliest.before(other.earliest) ? earliest : other.earliest,
                    latest.after(other.latest) ? latest : other.latest);
        }

        /** The document of one of the rollup's shards. */
        String shardId(int shard) {
            return id + ":" + shard;
        }

        /** The response as its shard's change: these sums, the response named as the shard's last. */
        ShardFolds.Change change(Object responseId) {
            List<Bson> changes = new ArrayList<>();
            sums.forEach((field, value) -> changes.add(Updates.inc(field, value)));
            changes.add(Updates.min(EARLIEST, earliest));
            changes.add(Updates.max(LATEST, latest));
            return new ShardFolds.Change(changes, responseId);
        }

        /** A shard of the rollup before any response is added to it. */
        Document empty(String shardId) {
            return new Document("_id", shardId).append(TenantScope.TENANT_FIELD, tenant).append("day", day)
                    .append("surveyId", surveyId).append("segment", segment).append(ShardFolds.VERSION, 0L);
        }

        /** The rollup holding exactly these sums in its first shard, as a rebuild writes it. */
        Document document() {
            Document document = empty(shardId(0)).append(EARLIEST, earliest).append(LATEST, latest);
            sums.forEach((path, value) -> {
                String[] parts = path.split("\\.");
                Document at = document;
                for (int i = 0; i < parts.length - 1; i++) {
                    Document next = at.get(parts[i], Document.class);
                    if (next == null) {
                        next = new Document();
                        at.append(parts[i], next);
                    }
                    at = next;
                }
                at.append(parts[parts.length - 1], value);
            });
            return document;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static Date midnight(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
