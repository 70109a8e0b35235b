package io.exceed.followup.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.exceed.defaults.paging.Page;
import io.exceed.defaults.storage.DuplicateKey;
import io.exceed.defaults.storage.IdPages;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.storage.Times;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.eventing.Leases;
import io.exceed.eventing.Revisions;
import io.exceed.followup.domain.event.FollowUpEventType;
import io.exceed.followup.domain.webhook.AttemptResult;
import io.exceed.followup.domain.webhook.ClaimedDelivery;
import io.exceed.followup.domain.webhook.DeliveryAttempt;
import io.exceed.followup.domain.webhook.DeliveryFilter;
import io.exceed.followup.domain.webhook.DeliveryState;
import io.exceed.followup.domain.webhook.DeliveryStore;
import io.exceed.followup.domain.webhook.InFlightSends;
import io.exceed.followup.domain.webhook.WebhookDelivery;

/**
 * Deliveries in {@value FollowUpCollections#WEBHOOK_DELIVERIES}. A unique index on (tenant, eventId, endpointId)
 * stores each event once per endpoint on both stores; ids are time-ordered, so the log pages in creation order.
 */
public class MongoDeliveryStore implements DeliveryStore {

    static final String NEXT_ATTEMPT_TIME = "nextAttemptTime";
    private static final String ENDPOINT_ID = "endpointId";

    private final MongoCollection<Document> deliveries;

    private static final Set<String> ATTEMPT_FIELDS = Set.of("state", NEXT_ATTEMPT_TIME, "attempts", "attemptCount",
            "updateTime");

    public MongoDeliveryStore(MongoDatabase database) {
        this.deliveries = database.getCollection(FollowUpCollections.WEBHOOK_DELIVERIES);
    }

    @Override
    public boolean enqueue(TenantId tenant, WebhookDelivery delivery) {
        try {
            deliveries.insertOne(toDocument(delivery).append(TenantScope.TENANT_FIELD, tenant.value())
                    .append(Revisions.APPLIED_REQUESTS, List.of()).append(Leases.VERSION, 0L));
            return true;
        } catch (MongoException e) {
            if (DuplicateKey.is(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<WebhookDelivery> find(TenantId tenant, String id) {
        return Optional.ofNullable(deliveries.find(TenantScope.filter(tenant, Filters.eq("_id", id))).first())
                .map(MongoDeliveryStore::fromDocument);
    }

    @Override
    public Page<WebhookDelivery> list(TenantId tenant, DeliveryFilter filter, Optional<String> afterId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.endpointId() != null && !filter.endpointId().isEmpty()) {
            conditions.add(Filters.eq(ENDPOINT_ID, filter.endpointId()));
        }
        if (filter.state() != null) {
            conditions.add(Filters.eq("state", filter.state().name()));
        }
        return IdPages.page(deliveries, tenant, conditions, afterId, limit, MongoDeliveryStore::fromDocument,
                WebhookDelivery::id);
    }

    @Override
    public List<ClaimedDelivery> claimDue(Instant now, String replica, Instant leaseUntil, int limit,
            InFlightSends.Admission admission) {
        Bson due = Filters.and(Filters.eq("state", DeliveryState.PENDING.name()),
                Filters.lte(NEXT_ATTEMPT_TIME, Times.toDate(now)));
        Set<String> fullTenants = admission.fullTenants();
        Set<String> fullEndpoints = admission.fullEndpoints();
        if (!fullTenants.isEmpty() || !fullEndpoints.isEmpty()) {
            due = Filters.and(due, Filters.nin(TenantScope.TENANT_FIELD, fullTenants),
                    Filters.nin(ENDPOINT_ID, fullEndpoints));
        }
        return Leases.claim(deliveries, due, NEXT_ATTEMPT_TIME, List.of(TenantScope.TENANT_FIELD, ENDPOINT_ID),
                admitted(admission), now, replica, leaseUntil, limit).stream().map(MongoDeliveryStore::claimed).toList();
    }

    private static Predicate<Document> admitted(InFlightSends.Admission admission) {
        return candidate -> admission.admit(new TenantId(candidate.getString(TenantScope.TENANT_FIELD)),
                candidate.getString(ENDPOINT_ID));
    }

    private static ClaimedDelivery claimed(Document document) {
        return new ClaimedDelivery(new TenantId(document.getString(TenantScope.TENANT_FIELD)), fromDocument(document),
                document.getLong(Leases.VERSION));
    }

    @Override
    public List<ClaimedDelivery> claimNamed(List<String> ids, Instant now, String replica, Instant leaseUntil,
            InFlightSends.Admission admission) {
        Predicate<Document> due = read -> DeliveryState.PENDING.name().equals(read.getString("state"))
                && !read.getDate(NEXT_ATTEMPT_TIME).toInstant().isAfter(now);
        return Leases.claimNamed(deliveries, ids,
                        List.of("state", NEXT_ATTEMPT_TIME, TenantScope.TENANT_FIELD, ENDPOINT_ID),
                        due.and(admitted(admission)), now, replica, leaseUntil)
                .stream().map(MongoDeliveryStore::claimed).toList();
    }

    @Override
    public boolean finish(ClaimedDelivery claimed, WebhookDelivery updated) {
        // Only what an attempt changes: the body is the erasure's to rewrite, and one read before an erasure
        // must not be written back after it.
        List<Bson> changes = new ArrayList<>();
        toDocument(updated).forEach((field, value) -> {
            if (ATTEMPT_FIELDS.contains(field)) {
                changes.add(Updates.set(field, value));
            }
        });
        changes.add(Leases.released());
        return deliveries.updateOne(new Document("_id", updated.id()).append(Leases.VERSION, claimed.claim()),
                Updates.combine(changes)).getMatchedCount() == 1;
    }

    @Override
    public long resumeHeld(TenantId tenant, String endpointId, Instant now) {
        return deliveries.updateMany(TenantScope.filter(tenant, Filters.eq(ENDPOINT_ID, endpointId),
                Filters.eq("state", DeliveryState.HELD.name())), Updates.combine(
                        Updates.set("state", DeliveryState.PENDING.name()),
                        Updates.set(NEXT_ATTEMPT_TIME, Times.toDate(now)), Updates.set("attemptCount", 0),
                        Updates.set("updateTime", Times.toDate(now)))).getModifiedCount();
    }

    @Override
    public Optional<WebhookDelivery> replay(TenantId tenant, String id, Instant now, Optional<String> requestId) {
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq("_id", id)));
        requestId.ifPresent(request -> conditions.add(Filters.ne(Revisions.APPLIED_REQUESTS, request)));
        List<Bson> changes = new ArrayList<>(List.of(Updates.set("state", DeliveryState.PENDING.name()),
                Updates.set(NEXT_ATTEMPT_TIME, Times.toDate(now)), Updates.set("attemptCount", 0),
                Updates.set("updateTime", Times.toDate(now))));
        requestId.ifPresent(request -> changes.add(Updates.pushEach(Revisions.APPLIED_REQUESTS, List.of(request),
                new PushOptions().slice(-20))));
        Document replayed = deliveries.findOneAndUpdate(TenantScope.filter(tenant, conditions.toArray(Bson[]::new)),
                Updates.combine(changes), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return replayed != null ? Optional.of(fromDocument(replayed)) : find(tenant, id);
    }

    private static Document toDocument(WebhookDelivery delivery) {
        return new Document("_id", delivery.id())
                .append(ENDPOINT_ID, delivery.endpointId())
                .append("eventId", delivery.eventId())
                .append("eventType", delivery.eventType().name())
                .append("body", delivery.body())
                .append("state", delivery.state().name())
                .append(NEXT_ATTEMPT_TIME, Times.toDate(delivery.nextAttemptTime()))
                .append("attempts", delivery.attempts().stream().map(attempt -> new Document("time",
                        Times.toDate(attempt.time()))
                        .append("outcome", attempt.outcome().name())
                        .append("httpStatus", attempt.httpStatus())
                        .append("latencyMs", attempt.latency().toMillis())
                        .append("error", attempt.error())).toList())
                .append("attemptCount", delivery.attemptCount())
                .append("createTime", Times.toDate(delivery.createTime()))
                .append("updateTime", Times.toDate(delivery.updateTime()));
    }

    private static WebhookDelivery fromDocument(Document document) {
        return WebhookDelivery.builder()
                .id(document.getString("_id"))
                .endpointId(document.getString(ENDPOINT_ID))
                .eventId(document.getString("eventId"))
                .eventType(FollowUpEventType.valueOf(document.getString("eventType")))
                .body(document.getString("body"))
                .state(DeliveryState.valueOf(document.getString("state")))
                .nextAttemptTime(Times.toInstant(document.getDate(NEXT_ATTEMPT_TIME)))
                .attempts(document.getList("attempts", Document.class).stream().map(attempt -> new DeliveryAttempt(
                        Times.toInstant(attempt.getDate("time")),
                        AttemptResult.Outcome.valueOf(attempt.getString("outcome")), attempt.getInteger("httpStatus"),
                        Duration.ofMillis(attempt.getLong("latencyMs")), attempt.getString("error"))).toList())
                .attemptCount(document.getInteger("attemptCount"))
                .createTime(Times.toInstant(document.getDate("createTime")))
                .updateTime(Times.toInstant(document.getDate("updateTime")))
                .build();
    }
}
