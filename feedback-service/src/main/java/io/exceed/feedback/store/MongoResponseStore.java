package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.eventing.Outbox;
import io.exceed.defaults.storage.IdPages;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.domain.Dimension;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.event.FeedbackEvent;
import io.exceed.feedback.domain.response.Answer;
import io.exceed.feedback.domain.response.DimensionGap;
import io.exceed.feedback.domain.response.Response;
import io.exceed.feedback.domain.response.ResponseFilter;
import io.exceed.feedback.domain.response.ResponseSource;
import io.exceed.feedback.domain.response.ResponseStore;

/**
 * Responses in {@value FeedbackCollections#RESPONSES} (schema in {@link FeedbackCollections}). The unique
 * (tenant, requestKey) index arbitrates both idempotent retries and single-use invitations: of two inserts
 * with the same submission key exactly one is stored.
 */
public class MongoResponseStore implements ResponseStore {

    private static final Logger LOG = LoggerFactory.getLogger(MongoResponseStore.class);

    private final MongoCollection<Document> responses;
    private final Outbox<FeedbackEvent> outbox;
    private final MongoRollups rollups;

    public MongoResponseStore(MongoDatabase database, Outbox<FeedbackEvent> outbox, MongoRollups rollups) {
        this.responses = database.getCollection(FeedbackCollections.RESPONSES);
        this.outbox = outbox;
        this.rollups = rollups;
    }

    @Override
    public Stored insert(TenantId tenant, Response response, List<FeedbackEvent> events,
            Optional<String> submissionKey) {
        String key = submissionKey.orElse("id:" + response.id());
        List<Document> pending = outbox.reserve(tenant, FeedbackCollections.RESPONSES, response.id(), events);
        Document document = toDocument(response).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(IdempotentInsert.REQUEST_KEY, key)
                .append(Outbox.FIELD, pending)
                .append(ShardFolds.MARK, ShardFolds.PENDING);
        MongoRollups.Prepared fold = rollups.prepare(document);
        try {
            responses.insertOne(document);
            if (!events.isEmpty()) {
                outbox.written(FeedbackCollections.RESPONSES, response.id());
            }
            fold(() -> rollups.fold(fold), document);
            return new Stored(response, true);
        } catch (MongoException e) {
            outbox.withdraw(tenant, pending);
            if (DuplicateKey.is(e)) {
                Document earlier = responses.find(TenantScope.filter(tenant,
                        Filters.eq(IdempotentInsert.REQUEST_KEY, key))).first();
                if (earlier != null) {
                    // The first attempt may have stopped before folding it.
                    fold(() -> rollups.fold(earlier), earlier);
                    return new Stored(fromDocument(earlier), false);
                }
            }
            throw e;
        } finally {
            rollups.release(fold);
        }
    }

    /**
     * Folded now so analytics read their own writes; a failure leaves the response marked for the sweep
     * ({@link MongoRollups#foldPending}) rather than failing an answer that is stored.
     */
    private static void fold(Runnable fold, Document response) {
        try {
            fold.run();
        } catch (MongoException e) {
            LOG.warn("response {} left for the rollup sweep: {}", response.get("_id"), e.toString());
        }
    }

    @Override
    public Optional<Response> find(TenantId tenant, String id) {
        return Optional.ofNullable(responses.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoResponseStore::fromDocument);
    }

    @Override
    public Page<Response> list(TenantId tenant, ResponseFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.surveyId() != null && !filter.surveyId().isEmpty()) {
            conditions.add(Filters.eq("surveyId", filter.surveyId()));
        }
        if (filter.customerId() != null && !filter.customerId().isEmpty()) {
            conditions.add(Filters.eq("customerId", filter.customerId()));
        }
        if (filter.start() != null) {
            conditions.add(Filters.gte("submitTime", Times.toDate(filter.start())));
        }
        if (filter.end() != null) {
            conditions.add(Filters.lt("submitTime", Times.toDate(filter.end())));
        }
        return IdPages.page(responses, tenant, conditions, afterId, limit, MongoResponseStore::fromDocument, Response::id);
    }

    private static Document toDocument(Response response) {
        return new Document("_id", response.id())
                .append("surveyId", response.surveyId())
                .append("surveyVersion", response.surveyVersion())
                .append("customerId", response.customerId())
                .append("invitationId", response.invitationId())
                .append("source", response.source().name())
                .append("language", response.language())
                .append("answers", response.answers().stream().map(answer -> new Document("questionId",
                        answer.questionId()).append("score", answer.score()).append("text", answer.text())).toList())
                .append("nps", response.nps())
                .append("csat", response.csat())
                .append("ces", response.ces())
                .append("gaps", response.gaps().stream().map(gap -> new Document("dimension", gap.dimension().name())
                        .append("perceived", gap.perceived())
                        .append("expected", gap.expected())
                        .append("gap", gap.gap())).toList())
                .append("expectations", CustomerSnapshots.expectationDocuments(response.expectations()))
                .append("segment", CustomerSnapshots.segmentDocument(response.segment()))
                .append("submitTime", Times.toDate(response.submitTime()))
                .append("recordTime", Times.toDate(response.recordTime()));
    }

    private static Response fromDocument(Document document) {
        return Response.builder()
                .id(document.getString("_id"))
                .surveyId(document.getString("surveyId"))
                .surveyVersion(document.getInteger("surveyVersion"))
                .customerId(document.getString("customerId"))
                .invitationId(document.getString("invitationId"))
                .source(ResponseSource.valueOf(document.getString("source")))
                .language(document.getString("language"))
                .answers(document.getList("answers", Document.class).stream().map(answer -> new Answer(
                        answer.getString("questionId"), answer.getInteger("score"), answer.getString("text")))
                        .toList())
                .segment(CustomerSnapshots.segment(document))
                .expectations(CustomerSnapshots.expectations(document))
                .gaps(document.getList("gaps", Document.class).stream().map(gap -> new DimensionGap(
                        Dimension.valueOf(gap.getString("dimension")), gap.getInteger("perceived"),
                        gap.getInteger("expected"))).toList())
                .nps(document.getInteger("nps"))
                .csat(document.getInteger("csat"))
                .ces(document.getInteger("ces"))
                .submitTime(Times.toInstant(document.getDate("submitTime")))
                .recordTime(Times.toInstant(document.getDate("recordTime")))
                .build();
    }
}
