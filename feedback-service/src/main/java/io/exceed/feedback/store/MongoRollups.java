package io.exceed.feedback.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
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
import com.mongodb.client.model.Sorts;
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
 * Per-day rollups of responses in {@value FeedbackCollections#RESPONSE_ROLLUPS}: one document per tenant, UTC day,
 * survey and segment with the counts and sums every score and the driver analysis need (schema in
 * {@link FeedbackCollections}), so analytics read O(days) documents however many responses there are. They hold no
 * customer id, so erasure leaves them as they are. Beside them, {@value FeedbackCollections#RECOVERY_ROLLUPS} keeps
 * per tenant and day what the rescue rate needs, per customer under a one-way key ({@link #customerField}).
 * <p>
 * Each response is folded in exactly once without transactions. It is stored with {@code rollup: "pending"}; a fold
 * adds it to its rollup with a compare-and-set on the rollup's {@code version} that also puts the response id in the
 * rollup's {@code applied} list, then clears the response's mark, then takes the id out of the list. The order of
 * reads makes a repeated or racing fold harmless: it reads the rollup, then the mark. If another fold added the
 * response before that read, the id is in the list or, once taken out, the mark is already gone; if after it, the
 * version has moved and the compare-and-set fails and is retried. A crash after the add leaves the id in the list,
 * so the next fold (the sweep finds the mark) only finishes the job.
 */
public class MongoRollups {

    /** The mark of a response not yet folded into its rollup. */
    static final String MARK = "rollup";
    static final String PENDING = "pending";

    private static final String VERSION = "version";
    private static final String APPLIED = "applied";
    private static final String EARLIEST = "earliest";
    private static final String LATEST = "latest";
    private static final String CUSTOMERS = "customers";
    private static final int INSERT_BATCH = 1_000;

    /** NPS answers up to this are detractors'. */
    private static final int DETRACTOR_MAX = 6;

    private final MongoCollection<Document> rollups;
    private final MongoCollection<Document> recoveries;
    private final MongoCollection<Document> responses;

    public MongoRollups(MongoDatabase database) {
        this.rollups = database.getCollection(FeedbackCollections.RESPONSE_ROLLUPS);
        this.recoveries = database.getCollection(FeedbackCollections.RECOVERY_ROLLUPS);
        this.responses = database.getCollection(FeedbackCollections.RESPONSES);
    }

    /** Folds a stored response (as its document, with its tenant) into its day's rollup, unless it already is. */
    public void fold(Document response) {
        String tenant = response.getString(TenantScope.TENANT_FIELD);
        Object responseId = response.get("_id");
        Contribution contribution = Contribution.of(response);
        Bson rollupId = Filters.eq("_id", contribution.id());
        // Exactly the fields of the responses' exact-key index, so the embedded store looks it up.
        Bson ofResponse = new Document(TenantScope.TENANT_FIELD, tenant).append("_id", responseId);
        foldRecovery(response);
        while (true) {
            Document current = rollups.find(rollupId).projection(Projections.include(VERSION, APPLIED)).first();
            if (current == null) {
                try {
                    rollups.insertOne(contribution.empty());
                } catch (MongoException e) {
                    if (!DuplicateKey.is(e)) {
                        throw e;
                    }
                }
                continue;
            }
            if (!current.getList(APPLIED, Object.class, List.of()).contains(responseId)) {
                Document mark = responses.find(ofResponse).projection(Projections.include(MARK)).first();
                if (mark == null || !PENDING.equals(mark.get(MARK))) {
                    return;
                }
                long version = ((Number) current.get(VERSION)).longValue();
                List<Bson> changes = new ArrayList<>();
                contribution.sums().forEach((field, value) -> changes.add(Updates.inc(field, value)));
                changes.add(Updates.min(EARLIEST, contribution.earliest()));
                changes.add(Updates.max(LATEST, contribution.latest()));
                changes.add(Updates.inc(VERSION, 1L));
                changes.add(Updates.push(APPLIED, responseId));
                if (rollups.updateOne(new Document("_id", contribution.id()).append(VERSION, version),
                        Updates.combine(changes)).getMatchedCount() == 0) {
                    continue;
                }
            }
            responses.updateOne(ofResponse, Updates.unset(MARK));
            rollups.updateOne(rollupId, Updates.pull(APPLIED, responseId));
            return;
        }
    }

    /**
     * The customer's first detractor answer and last answer of 7 or more that day, kept with {@code $min} and
     * {@code $max}: folding the same answer again changes nothing, so this needs no guard.
     */
    private void foldRecovery(Document response) {
        Document answer = RecoveryAnswer.of(response);
        if (answer == null) {
            return;
        }
        Bson change = Updates.combine(Updates.setOnInsert(TenantScope.TENANT_FIELD, answer.get("tenant")),
                Updates.setOnInsert("day", answer.get("day")), Updates.min(EARLIEST, answer.get("at")),
                Updates.max(LATEST, answer.get("at")), answer.getBoolean("detractor")
                        ? Updates.min(answer.getString("customer") + ".d", answer.get("at"))
                        : Updates.max(answer.getString("customer") + ".g", answer.get("at")));
        Bson id = Filters.eq("_id", answer.get("_id"));
        try {
            recoveries.updateOne(id, change, new UpdateOptions().upsert(true));
        } catch (MongoException e) {
            if (!DuplicateKey.is(e)) {
                throw e;
            }
            recoveries.updateOne(id, change); // a racing fold created the day's document first
        }
    }

    /** What one NPS answer means to the rescue rate: which day's document, which customer, when, which kind. */
    private static final class RecoveryAnswer {

        /** Null for a response without an NPS answer. */
        static Document of(Document response) {
            Integer nps = response.getInteger("nps");
            if (nps == null) {
                return null;
            }
            Date submitted = response.getDate("submitTime");
            String tenant = response.getString(TenantScope.TENANT_FIELD);
            LocalDate day = LocalDate.ofInstant(submitted.toInstant(), ZoneOffset.UTC);
            return new Document("_id", tenant + ":" + day).append("tenant", tenant).append("day", midnight(day))
                    .append("customer", CUSTOMERS + "." + customerField(tenant, response.getString("customerId")))
                    .append("at", submitted).append("detractor", nps <= DETRACTOR_MAX);
        }

        /** Adds the answer to a day's document as a rebuild builds it in memory. */
        static void add(Map<Object, Document> days, Document answer) {
            Document day = days.computeIfAbsent(answer.get("_id"), id -> new Document("_id", id)
                    .append(TenantScope.TENANT_FIELD, answer.get("tenant")).append("day", answer.get("day"))
                    .append(EARLIEST, answer.getDate("at")).append(LATEST, answer.getDate("at"))
                    .append(CUSTOMERS, new Document()));
            Date at = answer.getDate("at");
            if (at.before(day.getDate(EARLIEST))) {
                day.put(EARLIEST, at);
            }
            if (at.after(day.getDate(LATEST))) {
                day.put(LATEST, at);
            }
            Document customers = day.get(CUSTOMERS, Document.class);
            Document times = (Document) customers.computeIfAbsent(
                    answer.getString("customer").substring(CUSTOMERS.length() + 1), key -> new Document());
            if (answer.getBoolean("detractor")) {
                Date first = times.getDate("d");
                times.put("d", first == null || at.before(first) ? at : first);
            } else {
                Date last = times.getDate("g");
                times.put("g", last == null || at.after(last) ? at : last);
            }
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
     * last answer of 7 or more.
     */
    public List<RecoveryDay> recoveryDays(TenantId tenant, LocalDate first, LocalDate last) {
        List<RecoveryDay> days = new ArrayList<>();
        for (Document day : recoveries.find(TenantScope.filter(tenant, Filters.gte("day", midnight(first)),
                Filters.lte("day", midnight(last)))).sort(Sorts.ascending("day"))) {
            Map<String, Instant> detractors = new HashMap<>();
            Map<String, Instant> good = new HashMap<>();
            day.get(CUSTOMERS, new Document()).forEach((field, value) -> {
                Document times = (Document) value;
                if (times.getDate("d") != null) {
                    detractors.put(field, Times.toInstant(times.getDate("d")));
                }
                if (times.getDate("g") != null) {
                    good.put(field, Times.toInstant(times.getDate("g")));
                }
            });
            days.add(new RecoveryDay(LocalDate.ofInstant(Times.toInstant(day.getDate("day")), ZoneOffset.UTC),
                    Times.toInstant(day.getDate(EARLIEST)), Times.toInstant(day.getDate(LATEST)), detractors, good));
        }
        return days;
    }

    /** One day's NPS answers as the rescue rate needs them. */
    public record RecoveryDay(LocalDate date, Instant earliest, Instant latest, Map<String, Instant> firstDetractors,
            Map<String, Instant> lastGood) {
    }

    /** Folds up to {@code batch} responses still marked (their writer crashed or failed to fold); returns how many. */
    public int foldPending(int batch) {
        int folded = 0;
        for (Document response : responses.find(Filters.eq(MARK, PENDING)).limit(batch)) {
            fold(response);
            folded++;
        }
        return folded;
    }

    /**
     * Recomputes the tenant's rollups (and the customers' answer times of its rescue rate) from its responses, for rollups lost or suspect, or responses written around
     * the service. Responses recorded while it runs may be missed: run it when none are being submitted, or again.
     * Returns how many responses it folded.
     */
    public long rebuild(TenantId tenant) {
        Map<String, Contribution> sums = new LinkedHashMap<>();
        long count = 0;
        Map<Object, Document> recoveryDays = new LinkedHashMap<>();
        for (Document response : responses.find(TenantScope.filter(tenant)).projection(Projections.include(
                TenantScope.TENANT_FIELD, "surveyId", "customerId", "segment", "nps", "csat", "ces", "gaps",
                "submitTime"))) {
            Contribution contribution = Contribution.of(response);
            sums.merge(contribution.id(), contribution, Contribution::plus);
            Document answer = RecoveryAnswer.of(response);
            if (answer != null) {
                RecoveryAnswer.add(recoveryDays, answer);
            }
            count++;
        }
        rollups.deleteMany(Filters.eq(TenantScope.TENANT_FIELD, tenant.value()));
        insert(rollups, sums.values().stream().map(Contribution::document).toList());
        recoveries.deleteMany(Filters.eq(TenantScope.TENANT_FIELD, tenant.value()));
        insert(recoveries, List.copyOf(recoveryDays.values()));
        responses.updateMany(TenantScope.filter(tenant, Filters.eq(MARK, PENDING)), Updates.unset(MARK));
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
                .projection(Projections.exclude(APPLIED))) {
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

        /** The rollup before any response is added to it. */
        Document empty() {
            return new Document("_id", id).append(TenantScope.TENANT_FIELD, tenant).append("day", day)
                    .append("surveyId", surveyId).append("segment", segment).append(VERSION, 0L)
                    .append(APPLIED, List.of());
        }

        /** The rollup holding exactly these sums, as a rebuild writes it. */
        Document document() {
            Document document = empty().append(EARLIEST, earliest).append(LATEST, latest);
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

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Date midnight(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
