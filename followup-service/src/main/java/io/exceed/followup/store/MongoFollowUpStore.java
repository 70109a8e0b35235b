package io.exceed.followup.store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.IdPages;
import io.exceed.eventing.IdempotentInsert;
import io.exceed.eventing.Revisions;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.eventing.Leases;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.ContactWindow;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.EscalationStep;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpChange;
import io.exceed.followup.domain.followup.FollowUpFilter;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStatus;
import io.exceed.followup.domain.followup.FollowUpStore;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.Outcome;
import io.exceed.followup.domain.followup.Priority;

/**
 * Follow-ups in {@value FollowUpCollections#FOLLOW_UPS}. A unique index on (tenant, sourceReference, reason)
 * makes creation idempotent on both stores; changes are compare-and-set on the revision and also rewrite the
 * time of the next milestone, which is what the scheduler looks for.
 */
public class MongoFollowUpStore implements FollowUpStore {

    static final String NEXT_FIRE_TIME = "nextFireTime";

    private final MongoCollection<Document> followUps;

    public MongoFollowUpStore(MongoDatabase database) {
        this.followUps = database.getCollection(FollowUpCollections.FOLLOW_UPS);
    }

    @Override
    public FollowUp insert(TenantId tenant, FollowUp followUp, Optional<String> requestId) {
        Document document = toDocument(followUp).append(TenantScope.TENANT_FIELD, tenant.value())
                .append(Revisions.APPLIED_REQUESTS, List.of())
                .append(Leases.VERSION, 0L);
        try {
            return IdempotentInsert.insert(followUps, tenant, document, requestId, MongoFollowUpStore::fromDocument);
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                Optional<FollowUp> existing = findBySource(tenant, followUp.sourceReference(), followUp.reason());
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw e;
        }
    }

    @Override
    public void delete(TenantId tenant, String id) {
        followUps.deleteOne(TenantScope.filter(tenant, Filters.eq("_id", id)));
    }

    @Override
    public Optional<FollowUp> find(TenantId tenant, String id) {
        return Optional.ofNullable(followUps.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoFollowUpStore::fromDocument);
    }

    @Override
    public Optional<FollowUp> findBySource(TenantId tenant, String sourceReference, FollowUpReason reason) {
        return Optional.ofNullable(followUps.find(TenantScope.filter(tenant,
                Filters.eq("sourceReference", sourceReference), Filters.eq("reason", reason.name()))).first())
                .map(MongoFollowUpStore::fromDocument);
    }

    @Override
    public boolean hasApplied(TenantId tenant, String id, String requestId) {
        return Revisions.hasApplied(followUps, tenant, id, requestId);
    }

    @Override
    public boolean replace(TenantId tenant, FollowUp updated, long previousRevision, Optional<String> requestId) {
        return Revisions.replace(followUps, tenant, toDocument(updated), previousRevision, requestId);
    }

    @Override
    public Page<FollowUp> list(TenantId tenant, FollowUpFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.customerId() != null && !filter.customerId().isEmpty()) {
            conditions.add(Filters.eq("customerId", filter.customerId()));
        }
        if (filter.owner() != null && !filter.owner().isEmpty()) {
            conditions.add(Filters.eq("owner", filter.owner()));
        }
        if (filter.status() != null) {
            conditions.add(Filters.eq("status", filter.status().name()));
        }
        if (filter.reason() != null) {
            conditions.add(Filters.eq("reason", filter.reason().name()));
        }
        if (filter.dueBefore() != null) {
            conditions.add(Filters.lt("dueTime", Times.toDate(filter.dueBefore())));
        }
        return IdPages.page(followUps, tenant, conditions, afterId, limit, MongoFollowUpStore::fromDocument,
                FollowUp::id);
    }

    @Override
    public Stream<FollowUp> promisedBetween(TenantId tenant, Instant start, Instant end, String owner,
            FollowUpReason reason) {
        List<Bson> conditions = new ArrayList<>(List.of(Filters.gte("promisedTime", Times.toDate(start)),
                Filters.lt("promisedTime", Times.toDate(end))));
        if (owner != null && !owner.isEmpty()) {
            conditions.add(Filters.eq("owner", owner));
        }
        if (reason != null) {
            conditions.add(Filters.eq("reason", reason.name()));
        }
        MongoCursor<Document> cursor = followUps.find(TenantScope.filter(tenant, conditions.toArray(Bson[]::new)))
                .cursor();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.NONNULL), false)
                .onClose(cursor::close).map(MongoFollowUpStore::fromDocument);
    }

    static Document toDocument(FollowUp followUp) {
        ContactWindow window = followUp.contactWindow();
        Outcome outcome = followUp.outcome();
        Optional<Milestone> next = followUp.nextMilestone();
        return new Document("_id", followUp.id())
                .append("customerId", followUp.customerId())
                .append("reason", followUp.reason().name())
                .append("sourceReference", followUp.sourceReference())
                .append("owner", followUp.owner())
                .append("channel", followUp.channel().name())
                .append("priority", followUp.priority().name())
                .append("dueTime", Times.toDate(followUp.dueTime()))
                .append("promisedTime", Times.toDate(followUp.promisedTime()))
                .append("slaDeadline", Times.toDate(followUp.slaDeadline()))
                .append("noSales", followUp.noSales())
                .append("contactWindow", window == null ? null : new Document("timeZone", window.zone().getId())
                        .append("quietStart", window.quietStart().toString())
                        .append("quietEnd", window.quietEnd().toString()))
                .append("escalationPolicy", new Document("warningPercent",
                        followUp.escalationPolicy().warningPercent())
                        .append("steps", followUp.escalationPolicy().steps().stream()
                                .map(step -> new Document("target", step.target())
                                        .append("afterBreachSeconds", step.afterBreach().toSeconds()))
                                .toList())
                        .append("calendar", CalendarDocuments.toDocument(followUp.escalationPolicy().calendar())))
                .append("status", followUp.status().name())
                .append("outcome", outcome == null ? null : new Document("notes", outcome.notes())
                        .append("trustRestored", outcome.trustRestored())
                        .append("goodwillGesture", outcome.goodwillGesture())
                        .append("customerSatisfied", outcome.customerSatisfied()))
                .append("firstContactTime", Times.toDate(followUp.firstContactTime()))
                .append("closeTime", Times.toDate(followUp.closeTime()))
                .append("escalationLevel", followUp.escalationLevel())
                .append("escalatedTo", followUp.escalatedTo())
                .append("warningSent", followUp.warningSent())
                .append("playbook", followUp.playbook())
                .append("history", followUp.history().stream().map(change -> new Document("time",
                        Times.toDate(change.time()))
                        .append("actor", change.actor())
                        .append("from", change.from() == null ? null : change.from().name())
                        .append("to", change.to().name())
                        .append("description", change.description())).toList())
                .append("revision", followUp.revision())
                .append("createTime", Times.toDate(followUp.createTime()))
                .append("updateTime", Times.toDate(followUp.updateTime()))
                .append(NEXT_FIRE_TIME, next.map(milestone -> Times.toDate(milestone.time())).orElse(null));
    }

    static FollowUp fromDocument(Document document) {
        Document window = document.get("contactWindow", Document.class);
        Document policy = document.get("escalationPolicy", Document.class);
        Document outcome = document.get("outcome", Document.class);
        return FollowUp.builder()
                .id(document.getString("_id"))
                .customerId(document.getString("customerId"))
                .reason(FollowUpReason.valueOf(document.getString("reason")))
                .sourceReference(document.getString("sourceReference"))
                .owner(document.getString("owner"))
                .channel(ContactChannel.valueOf(document.getString("channel")))
                .priority(Priority.valueOf(document.getString("priority")))
                .dueTime(Times.toInstant(document.getDate("dueTime")))
                .promisedTime(Times.toInstant(document.getDate("promisedTime")))
                .slaDeadline(Times.toInstant(document.getDate("slaDeadline")))
                .noSales(document.getBoolean("noSales", false))
                .contactWindow(window == null ? null : new ContactWindow(ZoneId.of(window.getString("timeZone")),
                        LocalTime.parse(window.getString("quietStart")),
                        LocalTime.parse(window.getString("quietEnd"))))
                .escalationPolicy(new EscalationPolicy(policy.getInteger("warningPercent"),
                        policy.getList("steps", Document.class).stream()
                                .map(step -> new EscalationStep(step.getString("target"),
                                        Duration.ofSeconds(step.getLong("afterBreachSeconds"))))
                                .toList(),
                        CalendarDocuments.fromDocument(policy.get("calendar", Document.class))))
                .status(FollowUpStatus.valueOf(document.getString("status")))
                .outcome(outcome == null ? null : new Outcome(outcome.getString("notes"),
                        outcome.getBoolean("trustRestored"), outcome.getString("goodwillGesture"),
                        outcome.getBoolean("customerSatisfied")))
                .firstContactTime(Times.toInstant(document.getDate("firstContactTime")))
                .closeTime(Times.toInstant(document.getDate("closeTime")))
                .escalationLevel(document.getInteger("escalationLevel", 0))
                .escalatedTo(document.getString("escalatedTo"))
                .warningSent(document.getBoolean("warningSent", false))
                .playbook(document.getString("playbook"))
                .history(document.getList("history", Document.class).stream()
                        .map(change -> new FollowUpChange(Times.toInstant(change.getDate("time")),
                                change.getString("actor"),
                                change.getString("from") == null ? null
                                        : FollowUpStatus.valueOf(change.getString("from")),
                                FollowUpStatus.valueOf(change.getString("to")), change.getString("description")))
                        .toList())
                .revision(document.getLong("revision"))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .updateTime(Times.toInstant(document.getDate("updateTime")))
                .build();
    }
}
