package io.exceed.feedback.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.Projections;

import io.exceed.eventing.Outbox;
import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.complaint.Acknowledgement;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.ComplaintChannel;
import io.exceed.feedback.domain.complaint.ComplaintFilter;
import io.exceed.feedback.domain.complaint.ComplaintState;
import io.exceed.feedback.domain.complaint.ComplaintStore;
import io.exceed.feedback.domain.complaint.OpenComplaints;
import io.exceed.feedback.domain.complaint.RemedyKind;
import io.exceed.feedback.domain.complaint.Resolution;
import io.exceed.feedback.domain.complaint.Severity;
import io.exceed.feedback.domain.event.FeedbackEvent;

/**
 * Complaints in the {@value FeedbackCollections#COMPLAINTS} collection (schema in {@link FeedbackCollections}).
 * Transitions are compare-and-set on the revision, and push their events into the document's outbox in the
 * same update. Every write marks the complaint for its day's rollup and folds it there ({@link ComplaintRollups}).
 */
public class MongoComplaintStore implements ComplaintStore, OpenComplaints {

    private static final Logger LOG = LoggerFactory.getLogger(MongoComplaintStore.class);

    private final MongoCollection<Document> complaints;
    private final Outbox<FeedbackEvent> outbox;
    private final ComplaintRollups rollups;

    public MongoComplaintStore(MongoDatabase database, Outbox<FeedbackEvent> outbox, ComplaintRollups rollups) {
        this.complaints = database.getCollection(FeedbackCollections.COMPLAINTS);
        this.outbox = outbox;
        this.rollups = rollups;
    }

    @Override
    public Complaint insert(TenantId tenant, Complaint complaint, List<FeedbackEvent> events,
            Optional<String> requestId) {
        List<Document> pending = outbox.reserve(tenant, FeedbackCollections.COMPLAINTS, complaint.id(), events);
        Document document = ComplaintRollups.pending(toDocument(complaint).append(TenantScope.TENANT_FIELD,
                tenant.value()).append(Outbox.FIELD, pending).append(Revisions.APPLIED_REQUESTS, List.of()));
        Complaint stored = IdempotentInsert.insert(complaints, tenant, document, requestId,
                MongoComplaintStore::fromDocument);
        if (!stored.id().equals(complaint.id())) {
            outbox.withdraw(tenant, pending);
        } else if (!events.isEmpty()) {
            outbox.written(FeedbackCollections.COMPLAINTS, stored.id());
        }
        // Also a retry's: the first attempt may have stopped before folding it.
        fold(tenant, stored);
        return stored;
    }

    @Override
    public Optional<Complaint> find(TenantId tenant, String id) {
        return Optional.ofNullable(complaints.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoComplaintStore::fromDocument);
    }

    @Override
    public boolean any(TenantId tenant, String customerId) {
        return complaints.find(TenantScope.filter(tenant, Filters.eq("customerId", customerId),
                        Filters.in("state", ComplaintState.OPEN_NAMES)))
                .projection(Projections.include("_id"))
                .limit(1)
                .first() != null;
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return Revisions.hasApplied(complaints, tenant, id, requestId);
    }

    @Override
    public boolean replace(TenantId tenant, Complaint updated, long previousRevision, List<FeedbackEvent> events,
            Optional<String> requestId) {
        boolean replaced;
        if (events.isEmpty()) {
            replaced = Revisions.replace(complaints, tenant, toDocument(updated), previousRevision, requestId,
                    ComplaintRollups.markPending());
        } else {
            List<Document> pending = outbox.reserve(tenant, FeedbackCollections.COMPLAINTS, updated.id(), events);
            replaced = Revisions.replace(complaints, tenant, toDocument(updated), previousRevision, requestId,
                    ComplaintRollups.markPending(), Updates.pushEach(Outbox.FIELD, pending));
            if (replaced) {
                outbox.written(FeedbackCollections.COMPLAINTS, updated.id());
            } else {
                outbox.withdraw(tenant, pending);
            }
        }
        if (replaced) {
            fold(tenant, updated);
        }
        return replaced;
    }

    /**
     * Folded now so the Pareto reads its own writes; a failure leaves the complaint marked for the sweep
     * ({@link ComplaintRollups#foldPending}) rather than failing a change that is stored.
     */
    private void fold(TenantId tenant, Complaint complaint) {
        try {
            rollups.fold(tenant, complaint.id(), complaint.createTime());
        } catch (MongoException e) {
            LOG.warn("complaint {} left for the rollup sweep: {}", complaint.id(), e.toString());
        }
    }

    @Override
    public Page<Complaint> list(TenantId tenant, ComplaintFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.customerId() != null && !filter.customerId().isEmpty()) {
            conditions.add(Filters.eq("customerId", filter.customerId()));
        }
        if (filter.state() != null) {
            conditions.add(Filters.eq("state", filter.state().name()));
        }
        if (filter.categoryKey() != null && !filter.categoryKey().isEmpty()) {
            conditions.add(Filters.eq("categoryKey", filter.categoryKey()));
        }
        if (filter.start() != null) {
            conditions.add(Filters.gte("createTime", Times.toDate(filter.start())));
        }
        if (filter.end() != null) {
            conditions.add(Filters.lt("createTime", Times.toDate(filter.end())));
        }
        return IdPages.page(complaints, tenant, conditions, afterId, limit, MongoComplaintStore::fromDocument,
                Complaint::id);
    }

    private static Document toDocument(Complaint complaint) {
        Acknowledgement ack = complaint.acknowledgement();
        Resolution resolution = complaint.resolution();
        return new Document("_id", complaint.id())
                .append("customerId", complaint.customerId())
                .append("channel", complaint.channel().name())
                .append("category", complaint.category())
                .append("categoryKey", complaint.categoryKey())
                .append("severity", complaint.severity().name())
                .append("text", complaint.text())
                .append("language", complaint.language())
                .append("orderReference", complaint.orderReference())
                .append("state", complaint.state().name())
                .append("acknowledgement", ack == null ? null : new Document("message", ack.message())
                        .append("language", ack.language())
                        .append("time", Times.toDate(ack.time())))
                .append("resolution", resolution == null ? null : new Document("remedyKind", resolution.remedyKind().name())
                        .append("remedyDescription", resolution.remedyDescription())
                        .append("rootCause", resolution.rootCause())
                        .append("preventionAction", resolution.preventionAction())
                        .append("noSystemicCauseReason", resolution.noSystemicCauseReason())
                        .append("resolvedBy", resolution.resolvedBy())
                        .append("resolveTime", Times.toDate(resolution.resolveTime())))
                .append("reopenCount", complaint.reopenCount())
                .append("revision", complaint.revision())
                .append("createTime", Times.toDate(complaint.createTime()))
                .append("updateTime", Times.toDate(complaint.updateTime()))
                .append("closeTime", Times.toDate(complaint.closeTime()));
    }

    private static Complaint fromDocument(Document document) {
        Document ack = document.get("acknowledgement", Document.class);
        Document resolution = document.get("resolution", Document.class);
        return Complaint.builder()
                .id(document.getString("_id"))
                .customerId(document.getString("customerId"))
                .channel(ComplaintChannel.valueOf(document.getString("channel")))
                .category(document.getString("category"))
                .severity(Severity.valueOf(document.getString("severity")))
                .text(document.getString("text"))
                .language(document.getString("language"))
                .orderReference(document.getString("orderReference"))
                .state(ComplaintState.valueOf(document.getString("state")))
                .acknowledgement(ack == null ? null : new Acknowledgement(ack.getString("message"),
                        ack.getString("language"), Times.toInstant(ack.getDate("time"))))
                .resolution(resolution == null ? null : new Resolution(
                        RemedyKind.valueOf(resolution.getString("remedyKind")),
                        resolution.getString("remedyDescription"), resolution.getString("rootCause"),
                        resolution.getString("preventionAction"), resolution.getString("noSystemicCauseReason"),
                        resolution.getString("resolvedBy"), Times.toInstant(resolution.getDate("resolveTime"))))
                .reopenCount(document.getInteger("reopenCount", 0))
                .revision(document.getLong("revision"))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .updateTime(Times.toInstant(document.getDate("updateTime")))
                .closeTime(Times.toInstant(document.getDate("closeTime")))
                .build();
    }
}
