package io.exceed.feedback.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BsonField;
import com.mongodb.client.model.Facet;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.feedback.domain.analytics.AnalyticsStore;
import io.exceed.feedback.domain.analytics.CustomerFeedbackSummary;
import io.exceed.feedback.domain.analytics.DriverAnalysis;
import io.exceed.feedback.domain.analytics.ResponseQuery;
import io.exceed.feedback.domain.analytics.Tally;
import io.exceed.feedback.domain.complaint.ComplaintState;

/**
 * Analytics as aggregation pipelines over responses and complaints. Only grouped rows come back (at most one per
 * day and score value, or per day and dimension), so memory stays bounded however many responses match; the
 * operators used ($match, $facet, $group, $unwind, $dateToString, $cond, $multiply) work on MongoDB and on the
 * embedded store alike.
 */
public class MongoAnalyticsStore implements AnalyticsStore {

    private static final Document DAY = new Document("$dateToString",
            new Document("format", "%Y-%m-%d").append("date", "$submitTime"));

    /** NPS answers up to this are detractors'. */
    private static final int DETRACTOR_MAX = 6;

    private final MongoCollection<Document> responses;
    private final MongoCollection<Document> complaints;

    public MongoAnalyticsStore(MongoDatabase database) {
        this.responses = database.getCollection(FeedbackCollections.RESPONSES);
        this.complaints = database.getCollection(FeedbackCollections.COMPLAINTS);
    }

    @Override
    public Map<LocalDate, Tally> dailyTallies(TenantId tenant, ResponseQuery query) {
        Document gapsPerDay = new Document("_id", new Document("day", DAY).append("d", "$gaps.dimension"))
                .append("n", new Document("$sum", 1))
                .append("perceived", new Document("$sum", "$gaps.perceived"))
                .append("expected", new Document("$sum", "$gaps.expected"))
                .append("gap", new Document("$sum", "$gaps.gap"))
                .append("exceeded", new Document("$sum", new Document("$cond",
                        List.of(new Document("$gt", List.of("$gaps.gap", 0)), 1, 0))));
        Document result = responses.aggregate(List.of(
                Aggregates.match(matching(tenant, query)),
                Aggregates.facet(
                        new Facet("responses", Aggregates.group(DAY, sum("n", 1))),
                        scoreFacet("nps"), scoreFacet("csat"), scoreFacet("ces"),
                        new Facet("gaps", gapStages(query, gapsPerDay))))).first();
        Map<LocalDate, Tally> days = new TreeMap<>();
        for (Document row : result.getList("responses", Document.class)) {
            day(days, row.getString("_id")).addResponses(number(row, "n"));
        }
        for (Document row : result.getList("nps", Document.class)) {
            Document id = row.get("_id", Document.class);
            day(days, id.getString("day")).addNps(id.getInteger("v"), number(row, "n"));
        }
        for (Document row : result.getList("csat", Document.class)) {
            Document id = row.get("_id", Document.class);
            day(days, id.getString("day")).addCsat(id.getInteger("v"), number(row, "n"));
        }
        for (Document row : result.getList("ces", Document.class)) {
            Document id = row.get("_id", Document.class);
            day(days, id.getString("day")).addCes(id.getInteger("v"), number(row, "n"));
        }
        for (Document row : result.getList("gaps", Document.class)) {
            Document id = row.get("_id", Document.class);
            day(days, id.getString("day")).addGaps(Dimension.valueOf(id.getString("d")), number(row, "n"),
                    number(row, "perceived"), number(row, "expected"), number(row, "gap"), number(row, "exceeded"));
        }
        return days;
    }

    @Override
    public List<DriverAnalysis.Sums> driverSums(TenantId tenant, ResponseQuery query) {
        List<Bson> pipeline = new ArrayList<>();
        pipeline.add(Aggregates.match(Filters.and(matching(tenant, query), Filters.ne("nps", null))));
        pipeline.addAll(gapStages(query, new Document("_id", "$gaps.dimension")
                .append("n", new Document("$sum", 1))
                .append("x", new Document("$sum", "$gaps.gap"))
                .append("y", new Document("$sum", "$nps"))
                .append("xx", new Document("$sum", product("$gaps.gap", "$gaps.gap")))
                .append("yy", new Document("$sum", product("$nps", "$nps")))
                .append("xy", new Document("$sum", product("$gaps.gap", "$nps")))));
        List<DriverAnalysis.Sums> sums = new ArrayList<>();
        for (Document row : responses.aggregate(pipeline)) {
            sums.add(new DriverAnalysis.Sums(Dimension.valueOf(row.getString("_id")), number(row, "n"),
                    number(row, "x"), number(row, "y"), number(row, "xx"), number(row, "yy"), number(row, "xy")));
        }
        return sums;
    }

    @Override
    public ParetoCounts paretoCounts(TenantId tenant, Instant start, Instant end) {
        return complaintTotals(tenant, start, end).counts();
    }

    /**
     * The Pareto's figures of the complaints received in [start, end), in one pass: per category its count and first
     * complaint by id, resolved ones, and of those the ones with a prevention action.
     */
    ComplaintTotals complaintTotals(TenantId tenant, Instant start, Instant end) {
        Bson resolved = Filters.in("state", ComplaintRollups.RESOLVED_STATES);
        Document result = complaints.aggregate(List.of(
                Aggregates.match(received(tenant, start, end)),
                Aggregates.sort(Sorts.ascending("_id")),
                Aggregates.facet(
                        new Facet("categories", Aggregates.group("$categoryKey", sum("n", 1),
                                new BsonField("id", new Document("$first", "$_id")),
                                new BsonField("name", new Document("$first", "$category")))),
                        new Facet("resolved", Aggregates.match(resolved), Aggregates.count("n")),
                        new Facet("prevented", Aggregates.match(Filters.and(resolved,
                                Filters.type("resolution.preventionAction", "string"))), Aggregates.count("n")))))
                .first();
        ComplaintTotals totals = new ComplaintTotals();
        for (Document row : result.getList("categories", Document.class)) {
            totals.addCategory(ComplaintTotals.categoryField(row.getString("_id")), number(row, "n"),
                    ComplaintTotals.first(row.getString("id"), row.getString("name")));
        }
        totals.addResolutions(count(result, "resolved"), count(result, "prevented"));
        return totals;
    }

    private static long count(Document facets, String facet) {
        List<Document> rows = facets.getList(facet, Document.class);
        return rows.isEmpty() ? 0 : number(rows.getFirst(), "n");
    }

    /** One pass over the customer's responses for both (one scan, not two, on the embedded store). */
    @Override
    public CustomerResponses customerResponses(TenantId tenant, String customerId, int latest) {
        Document result = responses.aggregate(List.of(
                Aggregates.match(TenantScope.filter(tenant, Filters.eq("customerId", customerId))),
                Aggregates.facet(
                        new Facet("count", Aggregates.count("n")),
                        new Facet("latest", Aggregates.sort(Sorts.descending("submitTime", "_id")),
                                Aggregates.limit(latest),
                                Aggregates.project(Projections.include("nps", "csat", "ces", "submitTime")))))).first();
        List<Document> count = result.getList("count", Document.class);
        return new CustomerResponses(count.isEmpty() ? 0 : number(count.getFirst(), "n"),
                result.getList("latest", Document.class).stream().map(row -> new CustomerFeedbackSummary.Scored(
                        row.getInteger("nps"), row.getInteger("csat"), row.getInteger("ces"),
                        Times.toInstant(row.getDate("submitTime")))).toList());
    }

    @Override
    public RecoveryTimes recoveryTimes(TenantId tenant, Instant start, Instant end) {
        Bson window = TenantScope.filter(tenant, Filters.gte("submitTime", Times.toDate(start)),
                Filters.lt("submitTime", Times.toDate(end)), Filters.ne("nps", null));
        Document result = responses.aggregate(List.of(Aggregates.match(window), Aggregates.facet(
                new Facet("detractors", Aggregates.match(Filters.lte("nps", DETRACTOR_MAX)),
                        Aggregates.group("$customerId", Accumulators.min("t", "$submitTime"))),
                new Facet("good", Aggregates.match(Filters.gt("nps", DETRACTOR_MAX)),
                        Aggregates.group("$customerId", Accumulators.max("t", "$submitTime")))))).first();
        return new RecoveryTimes(customerTimes(result.getList("detractors", Document.class)),
                customerTimes(result.getList("good", Document.class)));
    }

    private static Map<String, Instant> customerTimes(List<Document> rows) {
        Map<String, Instant> times = new HashMap<>();
        rows.forEach(row -> times.put(row.getString("_id"), Times.toInstant(row.getDate("t"))));
        return times;
    }

    @Override
    public ComplaintCounts complaintCounts(TenantId tenant, String customerId) {
        Bson customer = TenantScope.filter(tenant, Filters.eq("customerId", customerId));
        return new ComplaintCounts(complaints.countDocuments(customer),
                complaints.countDocuments(Filters.and(customer, Filters.in("state", ComplaintState.OPEN_NAMES))));
    }

    private static Bson matching(TenantId tenant, ResponseQuery query) {
        List<Bson> conditions = new ArrayList<>();
        conditions.add(Filters.gte("submitTime", Times.toDate(query.start())));
        conditions.add(Filters.lt("submitTime", Times.toDate(query.end())));
        if (query.surveyId() != null && !query.surveyId().isEmpty()) {
            conditions.add(Filters.eq("surveyId", query.surveyId()));
        }
        query.segment().forEach((key, value) -> conditions.add(Filters.eq("segment." + key, value)));
        return TenantScope.filter(tenant, conditions.toArray(Bson[]::new));
    }

    private static Bson received(TenantId tenant, Instant start, Instant end) {
        return TenantScope.filter(tenant, Filters.gte("createTime", Times.toDate(start)),
                Filters.lt("createTime", Times.toDate(end)));
    }

    private static Facet scoreFacet(String field) {
        return new Facet(field, Aggregates.match(Filters.ne(field, null)),
                Aggregates.group(new Document("day", DAY).append("v", "$" + field), sum("n", 1)));
    }

    /** Unwinds the gaps, keeps the asked-for dimensions, and groups them as {@code group} says. */
    private static List<Bson> gapStages(ResponseQuery query, Document group) {
        List<Bson> stages = new ArrayList<>();
        stages.add(Aggregates.unwind("$gaps"));
        if (!query.dimensions().isEmpty()) {
            stages.add(Aggregates.match(Filters.in("gaps.dimension",
                    query.dimensions().stream().map(Dimension::name).toList())));
        }
        stages.add(new Document("$group", group));
        return stages;
    }

    private static Document product(String left, String right) {
        return new Document("$multiply", List.of(left, right));
    }

    private static BsonField sum(String name, Object value) {
        return new BsonField(name, new Document("$sum", value));
    }

    private static Tally day(Map<LocalDate, Tally> days, String day) {
        return days.computeIfAbsent(LocalDate.parse(day), d -> new Tally());
    }

    private static long number(Document row, String field) {
        return ((Number) row.get(field)).longValue();
    }
}
